package dev.arena.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a text view (help, runbook, triage, stack) and how to draw it.
 *
 * @param text the characters, without any markup
 * @param kind how to style it
 */
record StyledLine(String text, Kind kind) {

    /** Line styles. */
    enum Kind { TEXT, HEADING, CODE, ALERT, GOOD, DIM }

    static StyledLine text(String s) {
        return new StyledLine(s, Kind.TEXT);
    }

    static StyledLine heading(String s) {
        return new StyledLine(s, Kind.HEADING);
    }

    static StyledLine of(Kind kind, String s) {
        return new StyledLine(s, kind);
    }

    /** Plain lines, one per element (each element may contain newlines). */
    static List<StyledLine> plain(List<String> lines) {
        List<StyledLine> out = new ArrayList<>();
        for (String l : lines) {
            for (String part : l.split("\n", -1)) {
                out.add(text(part));
            }
        }
        return out;
    }
}
