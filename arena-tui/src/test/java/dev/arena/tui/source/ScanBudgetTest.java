package dev.arena.tui.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.RunId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which runs one refresh rescans. */
class ScanBudgetTest {

    @Test
    void scanBudget_putsVisibleRunsFirstAndRotatesThroughTheRest() {
        List<RunId> all = List.of(RunId.random(), RunId.random(), RunId.random(), RunId.random(), RunId.random());
        ScanBudget b = new ScanBudget();
        assertThat(b.choose(all, List.of(all.get(4)), 2)).containsExactly(all.get(4), all.get(0));
        assertThat(b.choose(all, List.of(), 2)).containsExactly(all.get(1), all.get(2));
        assertThat(b.choose(all, List.of(), 10)).hasSize(5);
        assertThat(b.choose(List.of(), List.of(all.get(0)), 3)).isEmpty();
    }
}
