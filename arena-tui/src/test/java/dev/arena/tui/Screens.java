package dev.arena.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminal;
import java.util.ArrayList;
import java.util.List;

/** Reads what a virtual terminal shows, row by row, for assertions and text captures. */
final class Screens {

    private Screens() {
    }

    static List<String> rows(VirtualTerminal t) {
        TerminalSize size = t.getTerminalSize();
        List<String> out = new ArrayList<>(size.getRows());
        for (int r = 0; r < size.getRows(); r++) {
            StringBuilder sb = new StringBuilder(size.getColumns());
            for (int c = 0; c < size.getColumns(); c++) {
                TextCharacter ch = t.getCharacter(c, r);
                sb.append(ch == null ? ' ' : ch.getCharacterString());
            }
            out.add(sb.toString());
        }
        return out;
    }

    static String text(VirtualTerminal t) {
        return String.join("\n", rows(t));
    }

    /** The capture as it goes into docs: trailing spaces trimmed. */
    static String capture(VirtualTerminal t) {
        StringBuilder sb = new StringBuilder();
        for (String row : rows(t)) {
            sb.append(row.stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
