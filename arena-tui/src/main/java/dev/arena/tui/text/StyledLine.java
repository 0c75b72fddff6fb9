package dev.arena.tui.text;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a text view (help, runbook, triage, stack) and how to draw it.
 *
 * @param text the characters, without any markup
 * @param kind how to style it
 */
public record StyledLine(String text, Kind kind) {

    /** Line styles. */
    public enum Kind {
        TEXT,
        HEADING,
        CODE,
        ALERT,
        GOOD,
        DIM
    }

    public static StyledLine text(String s) {
        return new StyledLine(s, Kind.TEXT);
    }

    public static StyledLine heading(String s) {
        return new StyledLine(s, Kind.HEADING);
    }

    public static StyledLine of(Kind kind, String s) {
        return new StyledLine(s, kind);
    }

    /** Plain lines, one per element (each element may contain newlines). */
    public static List<StyledLine> plain(List<String> lines) {
        List<StyledLine> out = new ArrayList<>();
        for (String l : lines) {
            for (String part : l.split("\n", -1)) {
                out.add(text(part));
            }
        }
        return out;
    }
}
