package io.iamsuite.token.domain;

import io.iamsuite.catalogue.KnownResources;
import io.iamsuite.catalogue.PermissionRequest;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.DomainException;
import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.TokenEvent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specifications of API tokens: given these events, when this command, then these events or this error. */
class TokenDeciderTest {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();
    private static final String WS = "ws_1";
    private static final String OWNER_ROLE = "1WDUuRLxv84rrfCNUwvkrRtkxnS";
    private static final String SOURCE_ADMIN = "3Mf1CFsFeeMdzC2AAEIqGjRqFm0";
    private static final String SOURCE_READ = "3Mf1CMGj5bho4MsFfAB53CUjEM6";
    private static final ResourceRef SOURCE_A = new ResourceRef(ResourceType.SOURCE, "src_a");
    private static final LabelRef PROD = new LabelRef("environment", "prod");
    private static final KnownResources KNOWN = new KnownResources(Set.of(SOURCE_A), Set.of(PROD));
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Duration GRACE = Duration.ofHours(1);

    private static final TokenEvent.TokenIssued CI_ISSUED = new TokenEvent.TokenIssued("tok_ci", "CI deploys",
            TokenEvent.Access.MEMBER, List.of(Grant.on(SOURCE_ADMIN, SOURCE_A)), "hash-1", "usr_ada", null);
    private static final TokenEvent.TokenIssued OPS_ISSUED = new TokenEvent.TokenIssued("tok_ops", "Ops",
            TokenEvent.Access.OWNER, List.of(), "hash-ops", "usr_ada", NOW.plus(Duration.ofDays(1)));

    private static Tokens given(TokenEvent... history) {
        Tokens tokens = Tokens.empty();
        for (TokenEvent event : history) {
            tokens = tokens.evolve(event);
        }
        return tokens;
    }

    private static List<TokenEvent> when(Tokens state, TokenCommand command) {
        return TokenDecider.decide(command, state, KNOWN, CATALOGUE);
    }

    private static void refused(Runnable when, DomainException.Kind kind, String field) {
        assertThatThrownBy(when::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    private static PermissionRequest on(String roleId, ResourceType type, String id, LabelRef... labels) {
        return new PermissionRequest(roleId, List.of(new PermissionRequest.Target(type, id, List.of(labels))));
    }

    private static TokenCommand.Issue issue(String description, TokenEvent.Access access,
                                            List<PermissionRequest> permissions, Instant expiresAt) {
        return new TokenCommand.Issue(WS, "tok_new", description, access, permissions, "hash-new", "usr_ada",
                expiresAt, NOW);
    }

    private static TokenCommand.Rotate rotate(String tokenId, Duration grace, Instant at) {
        return new TokenCommand.Rotate(WS, tokenId, "hash-2", grace, GRACE, at);
    }

    @Nested
    class Issue {
        @Test
        void a_member_token_gets_granular_permissions_like_a_user_label_scoped_included() {
            var permissions = List.of(on(SOURCE_ADMIN, ResourceType.SOURCE, "src_a"),
                    on(SOURCE_READ, ResourceType.WORKSPACE, WS, PROD));
            assertThat(when(given(), issue("  CI  ", TokenEvent.Access.MEMBER, permissions, null)))
                    .containsExactly(new TokenEvent.TokenIssued("tok_new", "CI", TokenEvent.Access.MEMBER,
                            List.of(Grant.on(SOURCE_ADMIN, SOURCE_A),
                                    new Grant(SOURCE_READ, ResourceRef.workspace(WS), List.of(PROD))),
                            "hash-new", "usr_ada", null));
        }

        @Test
        void an_owner_token_takes_no_permissions_and_may_expire() {
            Instant expires = NOW.plus(Duration.ofDays(30));
            assertThat(when(given(), issue("Ops", TokenEvent.Access.OWNER, List.of(), expires)))
                    .containsExactly(new TokenEvent.TokenIssued("tok_new", "Ops", TokenEvent.Access.OWNER, List.of(),
                            "hash-new", "usr_ada", expires));
            refused(() -> when(given(), issue("Ops", TokenEvent.Access.OWNER,
                    List.of(on(SOURCE_ADMIN, ResourceType.SOURCE, "src_a")), null)), DomainException.Kind.INVALID, "permissions");
        }

        @Test
        void workspace_owner_as_a_permission_is_refused_owner_access_is_the_way() {
            refused(() -> when(given(), issue("x", TokenEvent.Access.MEMBER,
                    List.of(on(SOURCE_ADMIN, ResourceType.SOURCE, "src_a"), on(OWNER_ROLE, ResourceType.WORKSPACE, WS)), null)),
                    DomainException.Kind.INVALID, "permissions[1].roleId");
        }

        @Test
        void a_member_token_needs_a_permission_and_each_is_validated_naming_the_field() {
            refused(() -> when(given(), issue("x", TokenEvent.Access.MEMBER, List.of(), null)),
                    DomainException.Kind.INVALID, "permissions");
            refused(() -> when(given(), issue("x", TokenEvent.Access.MEMBER,
                    List.of(on(SOURCE_ADMIN, ResourceType.SOURCE, "src_gone")), null)),
                    DomainException.Kind.NOT_FOUND, "permissions[0].resources[0].id");
            refused(() -> when(given(), issue("x", TokenEvent.Access.MEMBER,
                    List.of(on(SOURCE_ADMIN, ResourceType.WORKSPACE, WS, new LabelRef("team", "none"))), null)),
                    DomainException.Kind.NOT_FOUND, "permissions[0].resources[0].labels[0]");
            refused(() -> when(given(), issue("x", TokenEvent.Access.MEMBER,
                    List.of(on("no-such-role", ResourceType.WORKSPACE, WS)), null)),
                    DomainException.Kind.INVALID, "permissions[0].roleId");
        }

        @Test
        void description_access_and_expiry_are_checked() {
            refused(() -> when(given(), issue(" ", TokenEvent.Access.OWNER, List.of(), null)),
                    DomainException.Kind.INVALID, "description");
            refused(() -> when(given(), issue("x".repeat(256), TokenEvent.Access.OWNER, List.of(), null)),
                    DomainException.Kind.INVALID, "description");
            assertThat(when(given(), issue("x".repeat(255), TokenEvent.Access.OWNER, List.of(), null))).hasSize(1);
            refused(() -> when(given(), issue("x", null, List.of(), null)), DomainException.Kind.INVALID, "access");
            refused(() -> when(given(), issue("x", TokenEvent.Access.OWNER, List.of(), NOW)),
                    DomainException.Kind.INVALID, "expiresAt");
        }
    }

    @Nested
    class Rotate {
        @Test
        void the_new_secret_is_current_and_the_old_one_stays_valid_until_the_grace_ends() {
            List<TokenEvent> events = when(given(CI_ISSUED), rotate("tok_ci", null, NOW));
            assertThat(events).containsExactly(new TokenEvent.TokenRotated("tok_ci", "hash-2", NOW.plus(GRACE)));

            Tokens.Token rotated = given(CI_ISSUED, events.get(0)).token("tok_ci").orElseThrow();
            assertThat(rotated.validHashesAt(NOW)).containsExactly("hash-2", "hash-1");
            assertThat(rotated.validHashesAt(NOW.plus(GRACE).minusMillis(1))).containsExactly("hash-2", "hash-1");
            assertThat(rotated.validHashesAt(NOW.plus(GRACE))).containsExactly("hash-2");
            assertThat(rotated.grants()).isEqualTo(CI_ISSUED.grants());
        }

        @Test
        void a_shorter_grace_may_be_asked_for_zero_included_but_not_a_longer_one() {
            assertThat(when(given(CI_ISSUED), rotate("tok_ci", Duration.ofMinutes(5), NOW)))
                    .containsExactly(new TokenEvent.TokenRotated("tok_ci", "hash-2", NOW.plus(Duration.ofMinutes(5))));
            List<TokenEvent> immediate = when(given(CI_ISSUED), rotate("tok_ci", Duration.ZERO, NOW));
            assertThat(given(CI_ISSUED, immediate.get(0)).token("tok_ci").orElseThrow().validHashesAt(NOW))
                    .containsExactly("hash-2");
            refused(() -> when(given(CI_ISSUED), rotate("tok_ci", GRACE.plusSeconds(1), NOW)),
                    DomainException.Kind.INVALID, "gracePeriodSeconds");
            refused(() -> when(given(CI_ISSUED), rotate("tok_ci", Duration.ofSeconds(-1), NOW)),
                    DomainException.Kind.INVALID, "gracePeriodSeconds");
        }

        @Test
        void rotating_again_within_the_grace_ends_the_oldest_secret_at_once() {
            var first = new TokenEvent.TokenRotated("tok_ci", "hash-2", NOW.plus(GRACE));
            Instant later = NOW.plusSeconds(60);
            var second = new TokenCommand.Rotate(WS, "tok_ci", "hash-3", null, GRACE, later);
            List<TokenEvent> events = when(given(CI_ISSUED, first), second);
            assertThat(events).containsExactly(new TokenEvent.TokenRotated("tok_ci", "hash-3", later.plus(GRACE)));
            assertThat(given(CI_ISSUED, first, events.get(0)).token("tok_ci").orElseThrow().validHashesAt(later))
                    .containsExactly("hash-3", "hash-2");
        }

        @Test
        void rotating_after_the_grace_leaves_only_the_new_secret_and_needs_an_active_token() {
            var first = new TokenEvent.TokenRotated("tok_ci", "hash-2", NOW.plus(GRACE));
            Instant afterGrace = NOW.plus(GRACE).plusSeconds(1);
            var second = new TokenCommand.Rotate(WS, "tok_ci", "hash-3", null, GRACE, afterGrace);
            Tokens after = given(CI_ISSUED, first);
            assertThat(after.token("tok_ci").orElseThrow().validHashesAt(afterGrace)).containsExactly("hash-2");
            assertThat(given(CI_ISSUED, first, when(after, second).get(0)).token("tok_ci").orElseThrow()
                    .validHashesAt(afterGrace)).containsExactly("hash-3", "hash-2");

            refused(() -> when(given(CI_ISSUED, new TokenEvent.TokenRevoked("tok_ci")), rotate("tok_ci", null, NOW)),
                    DomainException.Kind.CONFLICT, "tokenId");
            refused(() -> when(given(OPS_ISSUED), rotate("tok_ops", null, NOW.plus(Duration.ofDays(1)))),
                    DomainException.Kind.CONFLICT, "tokenId");
            refused(() -> when(given(), rotate("tok_x", null, NOW)), DomainException.Kind.NOT_FOUND, "tokenId");
        }
    }

    @Nested
    class ReplacePermissions {
        @Test
        void permissions_and_access_are_replaced_and_an_unchanged_set_records_nothing() {
            var readOnly = List.of(on(SOURCE_READ, ResourceType.SOURCE, "src_a"));
            assertThat(when(given(CI_ISSUED), new TokenCommand.ReplacePermissions(WS, "tok_ci", null, readOnly, NOW)))
                    .containsExactly(new TokenEvent.TokenPermissionsReplaced("tok_ci", TokenEvent.Access.MEMBER,
                            List.of(Grant.on(SOURCE_READ, SOURCE_A))));
            assertThat(when(given(CI_ISSUED), new TokenCommand.ReplacePermissions(WS, "tok_ci",
                    TokenEvent.Access.OWNER, List.of(), NOW)))
                    .containsExactly(new TokenEvent.TokenPermissionsReplaced("tok_ci", TokenEvent.Access.OWNER, List.of()));
            assertThat(when(given(CI_ISSUED), new TokenCommand.ReplacePermissions(WS, "tok_ci", null,
                    List.of(on(SOURCE_ADMIN, ResourceType.SOURCE, "src_a")), NOW))).isEmpty();
            refused(() -> when(given(CI_ISSUED), new TokenCommand.ReplacePermissions(WS, "tok_ci", null, List.of(), NOW)),
                    DomainException.Kind.INVALID, "permissions");
            refused(() -> when(given(CI_ISSUED, new TokenEvent.TokenRevoked("tok_ci")),
                    new TokenCommand.ReplacePermissions(WS, "tok_ci", null, readOnly, NOW)),
                    DomainException.Kind.CONFLICT, "tokenId");
        }
    }

    @Nested
    class Revoke {
        @Test
        void a_revoked_token_authenticates_with_no_secret_and_revoking_again_records_nothing() {
            var rotated = new TokenEvent.TokenRotated("tok_ci", "hash-2", NOW.plus(GRACE));
            List<TokenEvent> events = when(given(CI_ISSUED, rotated), new TokenCommand.Revoke(WS, "tok_ci"));
            assertThat(events).containsExactly(new TokenEvent.TokenRevoked("tok_ci"));

            Tokens revoked = given(CI_ISSUED, rotated, events.get(0));
            assertThat(revoked.token("tok_ci").orElseThrow().validHashesAt(NOW)).isEmpty();
            assertThat(revoked.token("tok_ci").orElseThrow().statusAt(NOW)).isEqualTo(Tokens.Status.REVOKED);
            assertThat(when(revoked, new TokenCommand.Revoke(WS, "tok_ci"))).isEmpty();
            refused(() -> when(given(), new TokenCommand.Revoke(WS, "tok_x")), DomainException.Kind.NOT_FOUND, "tokenId");
        }

        @Test
        void a_token_past_its_expiry_can_still_be_revoked_until_the_sweeper_records_the_expiry() {
            Instant late = OPS_ISSUED.expiresAt().plusSeconds(1);
            assertThat(when(given(OPS_ISSUED), new TokenCommand.Revoke(WS, "tok_ops")))
                    .containsExactly(new TokenEvent.TokenRevoked("tok_ops"));
            assertThat(when(given(OPS_ISSUED, new TokenEvent.TokenExpired("tok_ops")), new TokenCommand.Revoke(WS, "tok_ops")))
                    .isEmpty();
            assertThat(given(OPS_ISSUED).token("tok_ops").orElseThrow().validHashesAt(late)).isEmpty();
        }
    }

    @Nested
    class Expire {
        @Test
        void only_tokens_whose_time_is_up_expire_and_only_once() {
            Instant expiry = OPS_ISSUED.expiresAt();
            Tokens state = given(CI_ISSUED, OPS_ISSUED);
            assertThat(state.token("tok_ops").orElseThrow().statusAt(expiry)).isEqualTo(Tokens.Status.EXPIRED);
            assertThat(state.token("tok_ops").orElseThrow().validHashesAt(expiry.minusMillis(1))).containsExactly("hash-ops");
            assertThat(when(state, new TokenCommand.ExpireDue(WS, expiry.minusMillis(1)))).isEmpty();
            assertThat(when(state, new TokenCommand.ExpireDue(WS, expiry)))
                    .containsExactly(new TokenEvent.TokenExpired("tok_ops"));
            assertThat(when(given(CI_ISSUED, OPS_ISSUED, new TokenEvent.TokenExpired("tok_ops")),
                    new TokenCommand.ExpireDue(WS, expiry.plusSeconds(5)))).isEmpty();
        }

        @Test
        void a_revoked_token_past_its_expiry_is_not_expired_again() {
            assertThat(when(given(OPS_ISSUED, new TokenEvent.TokenRevoked("tok_ops")),
                    new TokenCommand.ExpireDue(WS, OPS_ISSUED.expiresAt()))).isEmpty();
        }
    }

    @Nested
    class CreatorRemoved {
        @Test
        void the_active_tokens_of_the_departed_creator_are_flagged_once_and_keep_working() {
            var bobs = new TokenEvent.TokenIssued("tok_bob", "Bob's", TokenEvent.Access.OWNER, List.of(), "hash-b",
                    "usr_bob", null);
            var revoked = new TokenEvent.TokenIssued("tok_old", "old", TokenEvent.Access.OWNER, List.of(), "hash-o",
                    "usr_ada", null);
            Tokens state = given(CI_ISSUED, OPS_ISSUED, bobs, revoked, new TokenEvent.TokenRevoked("tok_old"));

            List<TokenEvent> events = when(state, new TokenCommand.CreatorDeparted(WS, "usr_ada"));
            assertThat(events).containsExactly(new TokenEvent.TokenCreatorDeparted("tok_ci", "usr_ada"),
                    new TokenEvent.TokenCreatorDeparted("tok_ops", "usr_ada"));

            Tokens flagged = given(CI_ISSUED, OPS_ISSUED, bobs, revoked, new TokenEvent.TokenRevoked("tok_old"),
                    events.get(0), events.get(1));
            assertThat(flagged.token("tok_ci").orElseThrow().creatorDeparted()).isTrue();
            assertThat(flagged.token("tok_ci").orElseThrow().validHashesAt(NOW)).containsExactly("hash-1");
            assertThat(flagged.token("tok_bob").orElseThrow().creatorDeparted()).isFalse();
            assertThat(when(flagged, new TokenCommand.CreatorDeparted(WS, "usr_ada"))).isEmpty();
        }
    }
}
