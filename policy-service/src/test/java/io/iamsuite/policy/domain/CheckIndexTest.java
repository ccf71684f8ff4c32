package io.iamsuite.policy.domain;

import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.iamsuite.policy.domain.ProjectionTest.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check index ({@link Principal}) where the random histories of {@link ProjectionPropertiesTest} do not reach:
 * a group too large to copy into its members' arrays, and more labels than one 64-bit word holds.
 */
class CheckIndexTest {
    private static final String WS = "ws_1";
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();
    private static final String SOURCE_ADMIN = CATALOGUE.roleByName("Source Admin").orElseThrow().id();
    private static final String SOURCE_READ = CATALOGUE.roleByName("Source Read-only").orElseThrow().id();

    private final Projection projection = new Projection();
    private final Evaluator evaluator = new Evaluator(projection, CATALOGUE);
    private long position;

    private void apply(io.iamsuite.events.DomainEvent event) {
        projection.apply(at(WS, ++position, event));
    }

    private boolean can(String user, String action, String sourceId) {
        return evaluator.check(new CheckRequest(WS, Subject.user(user), action,
                new ResourceRef(ResourceType.SOURCE, sourceId))).allowed();
    }

    private static ResourceRef source(int i) {
        return new ResourceRef(ResourceType.SOURCE, "src_" + i);
    }

    @Test
    void a_large_groups_grants_are_kept_by_reference_and_still_count() {
        apply(new IdentityEvent.MemberAdded("bob", "bob@x.io", "Bob", MemberRole.MEMBER));
        apply(new IdentityEvent.GroupCreated("g_big", "Big"));
        apply(new IdentityEvent.GroupMemberAdded("g_big", "bob"));
        int grants = Principal.INLINE_WORDS + 10;
        for (int i = 0; i < grants; i++) {
            apply(new ResourceEvent.ResourceCreated(source(i), "s" + i, "s" + i, null, null));
            apply(new IdentityEvent.RoleGranted(Subject.group("g_big"), Grant.on(SOURCE_READ, source(i))));
        }
        apply(new IdentityEvent.RoleGranted(Subject.user("bob"), Grant.on(SOURCE_ADMIN, source(0))));

        WorkspaceState ws = projection.workspace(WS);
        assertThat(ws.userPrincipals.get("bob").large).hasSize(1);
        for (int i = 0; i < grants; i++) {
            assertThat(can("bob", "source.read", "src_" + i)).as("src_%d", i).isTrue();
        }
        assertThat(can("bob", "source.read", "src_" + grants)).isFalse();
        assertThat(can("bob", "source.update", "src_0")).isTrue();      // own grant
        assertThat(can("bob", "source.update", "src_1")).isFalse();     // the group only reads

        apply(new IdentityEvent.RoleRevoked(Subject.group("g_big"), Grant.on(SOURCE_READ, source(grants - 1))));
        assertThat(can("bob", "source.read", "src_" + (grants - 1))).isFalse();
        apply(new IdentityEvent.GroupMemberRemoved("g_big", "bob"));
        assertThat(can("bob", "source.read", "src_1")).isFalse();
        assertThat(ws.userPrincipals.get("bob").large).isEmpty();
    }

    @Test
    void label_grants_work_past_the_first_64_labels() {
        apply(new IdentityEvent.MemberAdded("bob", "bob@x.io", "Bob", MemberRole.MEMBER));
        for (int i = 0; i < 130; i++) {
            apply(new ResourceEvent.LabelCreated(new LabelRef("k", "v" + i), null));
        }
        apply(new ResourceEvent.ResourceCreated(source(1), "s1", "s1", null, null));
        apply(new ResourceEvent.LabelAssigned(source(1), new LabelRef("k", "v3")));
        apply(new ResourceEvent.LabelAssigned(source(1), new LabelRef("k", "v129")));
        apply(new IdentityEvent.RoleGranted(Subject.user("bob"), new Grant(SOURCE_READ, ResourceRef.workspace(WS),
                List.of(new LabelRef("k", "v129")))));
        apply(new IdentityEvent.RoleGranted(Subject.user("bob"), new Grant(SOURCE_ADMIN, ResourceRef.workspace(WS),
                List.of(new LabelRef("k", "v3"), new LabelRef("k", "v128")))));

        assertThat(can("bob", "source.read", "src_1")).isTrue();
        assertThat(can("bob", "source.update", "src_1")).isFalse();     // lacks k:v128
        apply(new ResourceEvent.LabelAssigned(source(1), new LabelRef("k", "v128")));
        assertThat(can("bob", "source.update", "src_1")).isTrue();
        apply(new ResourceEvent.LabelUnassigned(source(1), new LabelRef("k", "v129")));
        assertThat(can("bob", "source.read", "src_1")).isTrue();        // the admin grant confers read too
        apply(new ResourceEvent.LabelUnassigned(source(1), new LabelRef("k", "v3")));
        assertThat(can("bob", "source.read", "src_1")).isFalse();
    }
}
