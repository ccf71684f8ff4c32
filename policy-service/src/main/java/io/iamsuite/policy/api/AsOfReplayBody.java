package io.iamsuite.policy.api;

import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /policy/v1/as-of/replays}: replays every workspace to {@code asOf}, which must be a time
 * (positions are per workspace).
 */
public record AsOfReplayBody(@NotNull(message = "is required") AsOfBody asOf) {
}
