package dev.arena.tui.text;

import java.util.ArrayList;
import java.util.List;

/** Greedy word wrap to a column width; a word longer than the width is cut into pieces that fit. */
public final class WordWrap {

    private WordWrap() {}

    /** The lines of {@code text} (whitespace collapsed), none longer than {@code width}; at least one line. */
    public static List<String> wrap(String text, int width) {
        int w = Math.max(1, width);
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            while (word.length() > w) {
                if (line.length() > 0) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                out.add(word.substring(0, w));
                word = word.substring(w);
            }
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > w) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0 || out.isEmpty()) {
            out.add(line.toString());
        }
        return out;
    }

    /**
     * The lines of {@code text} (whitespace kept), none longer than {@code width}: its leading
     * indentation is kept, continuation lines are indented two more, breaks fall on spaces where
     * one is in the second half of the line, else mid-word; nothing is dropped. Text that fits
     * is returned as it is.
     */
    public static List<String> wrapIndented(String text, int width) {
        int w = Math.max(8, width);
        if (text.length() <= w) {
            return List.of(text);
        }
        int lead = 0;
        while (lead < text.length() && text.charAt(lead) == ' ' && lead < w / 2) {
            lead++;
        }
        String indent = text.substring(0, lead);
        String continuation = indent + (lead + 2 <= w / 2 ? "  " : "");
        List<String> out = new ArrayList<>();
        String rest = text.substring(lead);
        String prefix = indent;
        while (true) {
            int room = w - prefix.length();
            if (rest.length() <= room) {
                out.add(prefix + rest);
                return out;
            }
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= room / 2) {
                cut = room;
            }
            out.add(prefix + rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
            prefix = continuation;
            if (rest.isEmpty()) {
                return out;
            }
        }
    }
}
