package io.iamsuite.catalogue;

import io.iamsuite.events.ResourceType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** The precomputed O(1) lookups agree with the file, for any role, action and type. */
class CataloguePropertiesTest {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();

    @Property(tries = 2000)
    void confers_agrees_with_the_roles_action_lists_and_implies_what_the_action_requires(
            @ForAll("roleIds") String roleId, @ForAll("actionNames") String action,
            @ForAll ResourceType type, @ForAll Scope scope) {
        Role role = CATALOGUE.role(roleId).orElse(null);
        boolean listed = role != null && role.actionsOn(type).contains(action);

        assertThat(CATALOGUE.confers(roleId, action, type)).isEqualTo(listed);
        if (listed) {
            Action declared = CATALOGUE.action(action).orElseThrow();
            assertThat(declared.type()).isEqualTo(type);
            assertThat(CATALOGUE.confers(roleId, Action.readOf(type), type)).isTrue();
            if (declared.requires() != null) {
                assertThat(CATALOGUE.confers(roleId, declared.requires(), type)).isTrue();
            }
            if (role.isReadOnly()) {
                assertThat(declared.isRead()).isTrue();
            }
        }
        boolean withScope = CATALOGUE.confers(roleId, action, type, scope);
        if (withScope) {
            assertThat(listed).isTrue();
            assertThat(CATALOGUE.allows(roleId, scope)).isTrue();
        }
        if (listed && CATALOGUE.allows(roleId, scope) && !CATALOGUE.action(action).orElseThrow().creates()) {
            assertThat(withScope).as("only creation depends on the scope").isTrue();
        }
    }

    @Provide
    Arbitrary<String> roleIds() {
        return Arbitraries.oneOf(
                Arbitraries.of(CATALOGUE.roles().stream().map(Role::id).toList()),
                Arbitraries.strings().alpha().numeric().ofLength(27));
    }

    @Provide
    Arbitrary<String> actionNames() {
        return Arbitraries.oneOf(
                Arbitraries.of(CATALOGUE.actions().stream().map(Action::name).toList()),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz.-").ofMinLength(1).ofMaxLength(24));
    }
}
