package io.iamsuite.catalogue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/roles.md carries tables generated from the catalogue file; this test fails when they drift apart.
 * Regenerate with {@code ./mvnw -o -pl platform/catalogue test -Dtest=RolesDocTest -Droles.doc.update=true}
 * (only the part between the markers is rewritten).
 */
class RolesDocTest {
    static final String BEGIN = "<!-- BEGIN GENERATED from platform/catalogue/src/main/resources/iam/roles.v1.json by "
            + "RolesDocTest; do not edit by hand: ./mvnw -o -pl platform/catalogue test -Dtest=RolesDocTest "
            + "-Droles.doc.update=true -->";
    static final String END = "<!-- END GENERATED -->";

    @Test
    void docs_roles_md_shows_the_catalogue_as_it_is() throws IOException {
        Path doc = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../../docs/roles.md").normalize();
        assertThat(doc).as("docs/roles.md").exists();
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("the BEGIN GENERATED marker in " + doc).isNotNegative();
        assertThat(end).as("the END GENERATED marker in " + doc).isGreaterThan(begin);

        String expected = "\n" + render(RoleCatalogue.load()) + "\n";
        String actual = text.substring(begin + BEGIN.length(), end);
        if (!expected.equals(actual) && Boolean.getBoolean("roles.doc.update")) {
            Files.writeString(doc, text.substring(0, begin + BEGIN.length()) + expected + text.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).as("docs/roles.md is out of date with roles.v1.json; regenerate it with "
                + "-Droles.doc.update=true (see RolesDocTest)").isEqualTo(expected);
    }

    static String render(RoleCatalogue catalogue) {
        StringBuilder md = new StringBuilder();
        md.append("Catalogue version **").append(catalogue.version()).append("**: ")
                .append(catalogue.roles().size()).append(" roles, ")
                .append(catalogue.actions().size()).append(" actions.\n\n");

        md.append("### Roles\n\n");
        md.append("| Role | Id | Origin | Kind | Applies to | Scopes | Inherits |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Role role : catalogue.roles()) {
            md.append("| ").append(role.name())
                    .append(" | `").append(role.id()).append('`')
                    .append(" | ").append(role.origin() == RoleOrigin.SEGMENT ? "Segment" : "**ours**")
                    .append(" | ").append(role.kind())
                    .append(" | ").append(join(role.appliesTo()))
                    .append(" | ").append(join(role.scopes()))
                    .append(" | ").append(role.inherits().isEmpty() ? "—" : role.inherits().entrySet().stream()
                            .map(e -> e.getKey() + " via `" + e.getValue() + "`").collect(Collectors.joining(", ")))
                    .append(" |\n");
        }

        md.append("\n### What each role confers\n\n");
        md.append("| Role | Actions, by the type of resource they are checked on |\n");
        md.append("|---|---|\n");
        for (Role role : catalogue.roles()) {
            String actions;
            if (role.allActions()) {
                actions = "every action of the vocabulary, on every type";
            } else if (role.actions().isEmpty()) {
                actions = "nothing";
            } else {
                actions = role.actions().entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue().stream().map(a -> "`" + a + "`")
                                .collect(Collectors.joining(" ")))
                        .collect(Collectors.joining("<br>"));
            }
            md.append("| ").append(role.name()).append(" | ").append(actions).append(" |\n");
        }

        md.append("\n### Action vocabulary\n\n");
        md.append("| Action | Checked on | Requires | Meaning | Conferred by (besides the owner) |\n");
        md.append("|---|---|---|---|---|\n");
        for (Action action : catalogue.actions()) {
            List<String> by = catalogue.roles().stream().filter(r -> !r.allActions())
                    .filter(r -> catalogue.confers(r.id(), action.name(), action.type()))
                    .map(r -> r.name() + (r.inheritedVia(action.type()).map(v -> " (via " + v + ")").orElse("")))
                    .toList();
            md.append("| `").append(action.name()).append('`')
                    .append(" | ").append(action.type())
                    .append(" | ").append(action.requires() == null ? "—" : "`" + action.requires() + "`")
                    .append(" | ").append(action.description())
                    .append(action.creates() ? " *(create: see the creation rule)*" : "")
                    .append(" | ").append(by.isEmpty() ? "owner only" : String.join("; ", by))
                    .append(" |\n");
        }

        md.append("\n### Relations and labels\n\n");
        for (Relation relation : catalogue.relations()) {
            md.append("- `").append(relation.name()).append("`: ").append(relation.from()).append(" → ")
                    .append(relation.to()).append(". ").append(relation.description()).append('\n');
        }
        md.append("- Types that may carry labels (reachable by a LABELS grant): ")
                .append(join(catalogue.labelledTypes())).append(".\n");
        return md.toString();
    }

    private static String join(java.util.Collection<?> values) {
        return values.stream().map(Object::toString).collect(Collectors.joining(", "));
    }
}
