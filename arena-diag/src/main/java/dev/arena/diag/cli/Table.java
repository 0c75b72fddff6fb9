package dev.arena.diag.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain left-aligned text table; widths from the content, ANSI escapes not counted. */
final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c == null ? "-" : String.valueOf(c));
        }
        rows.add(r);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String render() {
        int[] width = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            width[i] = headers.get(i).length();
        }
        for (List<String> r : rows) {
            for (int i = 0; i < r.size() && i < width.length; i++) {
                width[i] = Math.max(width[i], visible(r.get(i)));
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, width);
        for (List<String> r : rows) {
            line(sb, r, width);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size() && i < width.length; i++) {
            String c = cells.get(i);
            l.append(c);
            if (i < cells.size() - 1) {
                l.append(" ".repeat(width[i] - visible(c) + 2));
            }
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    static int visible(String s) {
        return s.indexOf('\u001b') < 0
                ? s.length()
                : s.replaceAll("\u001b\\[[0-9;]*m", "").length();
    }
}
