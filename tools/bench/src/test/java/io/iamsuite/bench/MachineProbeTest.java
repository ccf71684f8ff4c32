package io.iamsuite.bench;

import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MachineProbeTest {

    @Test
    void the_walk_is_one_cycle_through_every_slot() {
        for (int n : new int[] {1, 2, 16, 1 << 16}) {
            int[] next = MachineProbe.cycle(n);
            BitSet seen = new BitSet(n);
            int at = 0;
            for (int step = 0; step < n; step++) {
                assertThat(seen.get(at)).as("slot %d of %d visited twice", at, n).isFalse();
                seen.set(at);
                at = next[at];
            }
            assertThat(at).as("back at the start after %d steps", n).isZero();
            assertThat(seen.cardinality()).isEqualTo(n);
        }
    }

    @Test
    void the_walk_jumps_rather_than_strides() {
        int[] next = MachineProbe.cycle(1 << 20);
        int sequential = 0;
        int at = 0;
        for (int step = 0; step < 100_000; step++) {
            int to = next[at];
            if (Math.abs(to - at) < 64) {   // within four cache lines: a prefetcher's catch
                sequential++;
            }
            at = to;
        }
        assertThat(sequential).isLessThan(100);
    }

    @Test
    void sizes_other_than_powers_of_two_are_refused() {
        assertThatThrownBy(() -> MachineProbe.cycle(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MachineProbe.cycle(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
