package io.iamsuite.auth;

import io.iamsuite.events.Actor;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventTypes;
import io.iamsuite.events.Grant;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.TokenEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TokenDirectoryTest {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private final TokenDirectory directory = new TokenDirectory();
    private long position;

    private EventEnvelope envelope(String ws, TokenEvent event) {
        position++;
        return new EventEnvelope(UUID.randomUUID(), EventTypes.typeOf(event.getClass()), 1, ws, "token:" + ws + ":t",
                position, position, T0, Actor.system(), "test", event);
    }

    private String issue(String ws, String tokenId, TokenEvent.Access access, Instant expiresAt) {
        String secret = TokenSecrets.generate();
        directory.apply(envelope(ws, new TokenEvent.TokenIssued(tokenId, "ci", access,
                List.of(Grant.on("r", ResourceRef.workspace(ws))), TokenSecrets.hash(secret), "usr_1", expiresAt)));
        return secret;
    }

    @Test
    void an_issued_token_authenticates_as_its_workspace_and_access() {
        String secret = issue("ws_1", "tok_1", TokenEvent.Access.MEMBER, null);
        var result = directory.authenticate(secret, T0);
        assertThat(result.ok()).isTrue();
        assertThat(result.principal().workspaceId()).isEqualTo("ws_1");
        assertThat(result.principal().tokenId()).isEqualTo("tok_1");
        assertThat(result.principal().owner()).isFalse();
        assertThat(directory.authenticate(TokenSecrets.generate(), T0).refusal()).isEqualTo(TokenDirectory.Refusal.UNKNOWN);
        assertThat(directory.authenticate("not a secret", T0).refusal()).isEqualTo(TokenDirectory.Refusal.UNKNOWN);
    }

    @Test
    void rotation_keeps_the_old_secret_until_the_grace_period_ends() {
        String old = issue("ws_1", "tok_1", TokenEvent.Access.OWNER, null);
        String fresh = TokenSecrets.generate();
        directory.apply(envelope("ws_1", new TokenEvent.TokenRotated("tok_1", TokenSecrets.hash(fresh), T0.plusSeconds(60))));

        assertThat(directory.authenticate(fresh, T0).ok()).isTrue();
        assertThat(directory.authenticate(old, T0.plusSeconds(59)).ok()).isTrue();
        assertThat(directory.authenticate(old, T0.plusSeconds(60)).refusal()).isEqualTo(TokenDirectory.Refusal.UNKNOWN);

        String third = TokenSecrets.generate();
        directory.apply(envelope("ws_1", new TokenEvent.TokenRotated("tok_1", TokenSecrets.hash(third), T0.plusSeconds(30))));
        assertThat(directory.authenticate(old, T0).ok()).as("two rotations back").isFalse();
        assertThat(directory.authenticate(fresh, T0.plusSeconds(29)).ok()).isTrue();
    }

    @Test
    void revoked_and_expired_tokens_are_refused_with_the_reason() {
        String revoked = issue("ws_1", "tok_1", TokenEvent.Access.OWNER, null);
        directory.apply(envelope("ws_1", new TokenEvent.TokenRevoked("tok_1")));
        assertThat(directory.authenticate(revoked, T0).refusal()).isEqualTo(TokenDirectory.Refusal.REVOKED);

        String expiring = issue("ws_1", "tok_2", TokenEvent.Access.OWNER, T0.plusSeconds(10));
        assertThat(directory.authenticate(expiring, T0.plusSeconds(9)).ok()).isTrue();
        assertThat(directory.authenticate(expiring, T0.plusSeconds(10)).refusal()).isEqualTo(TokenDirectory.Refusal.EXPIRED);

        String swept = issue("ws_1", "tok_3", TokenEvent.Access.OWNER, null);
        directory.apply(envelope("ws_1", new TokenEvent.TokenExpired("tok_3")));
        assertThat(directory.authenticate(swept, T0).refusal()).isEqualTo(TokenDirectory.Refusal.EXPIRED);
    }

    @Test
    void an_event_applied_twice_changes_nothing_and_permissions_can_be_replaced() {
        String secret = issue("ws_1", "tok_1", TokenEvent.Access.MEMBER, null);
        var replaced = envelope("ws_1", new TokenEvent.TokenPermissionsReplaced("tok_1", TokenEvent.Access.OWNER, List.of()));
        assertThat(directory.apply(replaced)).isTrue();
        assertThat(directory.apply(replaced)).isFalse();
        assertThat(directory.authenticate(secret, T0).principal().owner()).isTrue();
        assertThat(directory.anyToken()).isTrue();
    }
}
