package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.tui.text.StyledLine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The help overlay is laid out for the window's width: descriptions wrap under their column, nothing is cut. */
class HelpTextTest {

    private static String words(List<StyledLine> lines) {
        return String.join(" ", lines.stream().map(StyledLine::text).toList()).replaceAll("\\s+", " ");
    }

    @Test
    void at80x24_everyLineFits_andTheWholeCommandListIsThere() {
        int width = 80 - 4 - 1; // the window's frame and margin at 80 columns
        List<StyledLine> lines = HelpText.lines(false, width);
        assertThat(lines).allMatch(l -> l.text().length() <= width);
        assertThat(words(lines))
                .contains(ConsoleCommands.USAGE)
                .contains("type its child run id's first 8 characters); its run ends cancelled")
                .contains("by itself when the source answers again.");
        assertThat(lines)
                .as("continuation lines start under the description column")
                .anyMatch(l -> l.text().startsWith(" ".repeat(21) + "verdict|idle"));
    }

    @Test
    void wideWindowsKeepOneLinePerKey() {
        List<StyledLine> lines = HelpText.lines(true, 196);
        assertThat(lines).anyMatch(l -> l.text().contains(":") && l.text().endsWith("| help | quit"));
        assertThat(words(lines)).contains("toggle write mode (now WRITE)");
    }
}
