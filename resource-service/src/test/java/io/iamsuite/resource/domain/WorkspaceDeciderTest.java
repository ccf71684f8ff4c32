package io.iamsuite.resource.domain;

import io.iamsuite.events.DomainException;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkspaceDeciderTest {

    @Test
    void a_new_workspace_starts_with_the_environment_labels() {
        assertThat(WorkspaceDecider.decide(new CreateWorkspace("ws_1", "Acme", "acme"), false)).containsExactly(
                new ResourceEvent.WorkspaceCreated("ws_1", "Acme", "acme"),
                new ResourceEvent.LabelCreated(new LabelRef("environment", "dev"), "Development"),
                new ResourceEvent.LabelCreated(new LabelRef("environment", "prod"), "Production"));
    }

    @Test
    void a_taken_slug_is_a_conflict_on_slug() {
        assertThatThrownBy(() -> WorkspaceDecider.decide(new CreateWorkspace("ws_2", "Acme 2", "acme"), true))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.CONFLICT);
                    assertThat(e.field()).isEqualTo("slug");
                });
    }
}
