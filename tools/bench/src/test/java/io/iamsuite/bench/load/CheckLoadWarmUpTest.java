package io.iamsuite.bench.load;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When the first warm-up of a network client ends: once the answer rate has stopped rising, not at a fixed time. */
class CheckLoadWarmUpTest {
    @Test
    void a_rate_still_rising_keeps_warming_up() {
        assertThat(CheckLoad.plateaued(List.of(5_000.0, 10_000.0, 15_000.0, 20_000.0, 26_000.0))).isFalse();
        // the JIT's last compilations: +5% a second is still rising
        assertThat(CheckLoad.plateaued(List.of(28_000.0, 29_000.0, 30_450.0, 31_970.0))).isFalse();
    }

    @Test
    void two_windows_in_a_row_not_above_the_best_before_them_end_it() {
        assertThat(CheckLoad.plateaued(List.of(5_000.0, 20_000.0, 31_000.0, 30_200.0, 31_500.0))).isTrue();
    }

    @Test
    void one_slow_window_does_not_end_it() {
        // a collection in the middle of the climb: one window down, the next one rising again
        assertThat(CheckLoad.plateaued(List.of(5_000.0, 12_000.0, 20_000.0, 9_000.0, 26_000.0))).isFalse();
    }

    @Test
    void fewer_than_three_windows_never_end_it() {
        assertThat(CheckLoad.plateaued(List.of())).isFalse();
        assertThat(CheckLoad.plateaued(List.of(30_000.0, 30_000.0))).isFalse();
    }
}
