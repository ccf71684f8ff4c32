package io.iamsuite.events;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsistencyTokenTest {

    @Property
    void encoding_round_trips(@ForAll @StringLength(min = 1, max = 80) String workspace,
                              @ForAll @LongRange(min = 0) long identity, @ForAll @LongRange(min = 0) long resource) {
        var token = new ConsistencyToken(workspace.replace('\n', ' '),
                Map.of(EventSource.IDENTITY, identity, EventSource.RESOURCE, resource));
        assertThat(ConsistencyToken.decode(token.encode())).isEqualTo(token);
    }

    @Test
    void tokens_of_several_services_combine_to_the_highest_position_per_service() {
        var a = ConsistencyToken.of("ws", EventSource.IDENTITY, 7);
        var b = ConsistencyToken.of("ws", EventSource.RESOURCE, 3);
        var c = ConsistencyToken.of("ws", EventSource.IDENTITY, 5);

        var combined = ConsistencyToken.combineAll(List.of(a, b, c));

        assertThat(combined.position(EventSource.IDENTITY)).isEqualTo(7);
        assertThat(combined.position(EventSource.RESOURCE)).isEqualTo(3);
        assertThat(combined.position(EventSource.TOKEN)).isZero();
    }

    @Test
    void tokens_of_different_workspaces_do_not_combine() {
        assertThatThrownBy(() -> ConsistencyToken.of("a", EventSource.IDENTITY, 1)
                .combine(ConsistencyToken.of("b", EventSource.IDENTITY, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformed_tokens_are_rejected_with_a_reason() {
        assertThatThrownBy(() -> ConsistencyToken.decode("abc")).hasMessageContaining("ct1.");
        assertThatThrownBy(() -> ConsistencyToken.decode("ct1.***")).hasMessageContaining("base64url");
        assertThatThrownBy(() -> ConsistencyToken.decode(ConsistencyToken.of("ws", EventSource.TOKEN, 1).encode()
                .substring(0, 4) + "d3MKaWRlbnRpdHk9eA")).hasMessageContaining("malformed position");
    }
}
