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
}
