package dev.arena.tui.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Wrapping that keeps indentation: what a text window does with a line wider than itself. */
class WordWrapTest {

    @Test
    void aLongIndentedLine_wrapsOnSpacesUnderItsIndent_andLosesNothing() {
        String line = "  at dev.arena.fork.ForkTask.run(ForkTask.java:120) waiting on"
                + " java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject@1b2c3d";
        List<String> wrapped = WordWrap.wrapIndented(line, 40);
        assertThat(wrapped).allMatch(l -> l.length() <= 40).hasSizeGreaterThan(2);
        assertThat(wrapped.get(0)).startsWith("  at ");
        assertThat(wrapped.subList(1, wrapped.size())).allMatch(l -> l.startsWith("    "));
        assertThat(String.join("", wrapped).replace(" ", "")).isEqualTo(line.replace(" ", ""));
    }

    @Test
    void aLineThatFits_isKeptAsItIs() {
        assertThat(WordWrap.wrapIndented("   three spaces kept", 40)).containsExactly("   three spaces kept");
    }
}
