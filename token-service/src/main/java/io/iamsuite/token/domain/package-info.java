/** The pure domain of token-service: commands, state, decide(command, state) -> events, evolve(state, event). No framework imports (ArchitectureTest). */
package io.iamsuite.token.domain;
