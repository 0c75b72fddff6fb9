package dev.arena.tui.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.arena.tui.state.Focus;
import org.junit.jupiter.api.Test;

/** Sparklines, the layout for a terminal size, the key bar and the keys, without a terminal. */
class PanelsTest {

    @Test
    void sparkline_scalesToItsOwnMaximumAndPadsShortSeries() {
        assertThat(Sparkline.render(new double[] {0, 1, 2, 4, 8}, 5)).isEqualTo("▁▂▃▅█");
        assertThat(Sparkline.render(new double[] {0, 0}, 4)).isEqualTo("  ▁▁");
        assertThat(Sparkline.render(new double[] {1, 2, 3, 4}, 2)).isEqualTo("▆█");
        assertThat(Sparkline.render(new double[] {-3, 3}, 2)).isEqualTo("▁█");
    }

    @Test
    void layout_fits80x24_givesExtraRowsToTheRunsTable_andRefusesLess() {
        ConsoleLayout small = ConsoleLayout.of(new TerminalSize(80, 24));
        assertThat(small.bar().row()).isEqualTo(23);
        assertThat(small.runs().height()).isEqualTo(7);
        assertThat(small.stream().width() + small.forks().width()).isEqualTo(80);
        ConsoleLayout big = ConsoleLayout.of(new TerminalSize(160, 48));
        assertThat(big.bar().row()).isEqualTo(47);
        assertThat(big.runs().height()).isGreaterThan(small.runs().height());
        assertThat(ConsoleLayout.fits(new TerminalSize(79, 24))).isFalse();
        assertThat(ConsoleLayout.fits(new TerminalSize(80, 23))).isFalse();
        assertThatThrownBy(() -> ConsoleLayout.of(new TerminalSize(40, 10)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyBar_keepsThePanelKeysHelpAndQuit_andHidesWriteActionsReadOnly() {
        String readOnly = KeyBar.fit(KeyMap.hints(Focus.RUNS, false), 80).replace('\u0000', ' ');
        assertThat(readOnly)
                .contains("t triage", "/ filter", "? help", "q quit", "W write")
                .doesNotContain("r reap", "p rotate");
        assertThat(readOnly.length()).isLessThanOrEqualTo(81);
        String write = KeyBar.fit(KeyMap.hints(Focus.RUNS, true), 80).replace('\u0000', ' ');
        assertThat(write).contains("r reap", "t triage", "q quit", "? help");
        String forks = KeyBar.fit(KeyMap.hints(Focus.FORKS, true), 80).replace('\u0000', ' ');
        assertThat(forks).contains("Enter stack", "r reap child");
    }

    @Test
    void keys_followOperatorHabits_andCtrlCQuits() {
        assertThat(KeyMap.resolve(new KeyStroke('j', false, false))).isEqualTo(KeyMap.Action.DOWN);
        assertThat(KeyMap.resolve(new KeyStroke('W', false, false))).isEqualTo(KeyMap.Action.TOGGLE_WRITE);
        assertThat(KeyMap.resolve(new KeyStroke('c', true, false))).isEqualTo(KeyMap.Action.QUIT);
        assertThat(KeyMap.resolve(new KeyStroke(KeyType.ReverseTab))).isEqualTo(KeyMap.Action.PREVIOUS_PANEL);
        assertThat(KeyMap.resolve(new KeyStroke('x', false, false))).isNull();
        assertThat(KeyMap.writes(KeyMap.Action.REAP)).isTrue();
        assertThat(KeyMap.writes(KeyMap.Action.TRIAGE)).isFalse();
    }
}
