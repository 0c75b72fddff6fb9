package dev.arena.diag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.diag.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StyleTest {

    @Test
    void colourOnlyOnATerminal_byDefault() {
        assertThat(Style.decide(Map.of(), true).enabled()).isTrue();
        assertThat(Style.decide(Map.of(), false).enabled()).isFalse();
    }

    @Test
    void noColor_turnsItOffEvenOnATerminal() {
        Style s = Style.decide(Map.of("NO_COLOR", "1"), true);
        assertThat(s.enabled()).isFalse();
        assertThat(s.status(Status.CRITICAL, "x")).isEqualTo("x");
    }

    @Test
    void clicolorForce_turnsItOnWhenPiped_andWinsOverNoColor() {
        assertThat(Style.decide(Map.of("CLICOLOR_FORCE", "1"), false).status(Status.CRITICAL, "x"))
                .isEqualTo("\u001b[1;31mx\u001b[0m");
        assertThat(Style.decide(Map.of("CLICOLOR_FORCE", "1", "NO_COLOR", "1"), false)
                        .enabled())
                .isTrue();
        assertThat(Style.decide(Map.of("CLICOLOR_FORCE", "0"), false).enabled()).isFalse();
    }

    @Test
    void table_alignsIgnoringEscapes() {
        String out = new Table("A", "B")
                .row("\u001b[1mlong-cell\u001b[0m", "x")
                .row("s", "y")
                .render();
        assertThat(out.lines().toList())
                .containsExactly("A          B", "\u001b[1mlong-cell\u001b[0m  x", "s          y");
    }
}
