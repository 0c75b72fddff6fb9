package dev.arena.tui.runbook;

import dev.arena.tui.text.StyledLine;
import dev.arena.tui.text.WordWrap;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableCell;

/**
 * A GFM table laid out for a terminal width: columns as wide as their longest cell when that fits,
 * otherwise shrunk in proportion to it (each keeps its longest word when the width allows), cell text wrapped within its
 * column, columns separated by {@code │}, the header underlined with {@code ─┼─}. No line is wider
 * than the width.
 */
final class TableLayout {

    static final String COLUMN_RULE = " │ ";
    static final String NARROW_COLUMN_RULE = "│";
    private static final int MIN_COLUMN = 6;

    private final List<List<String>> rows;
    private final List<TableCell.Alignment> alignments;
    private final int columns;

    /**
     * @param rows       the header row first, then the body rows; cells as plain text
     * @param alignments per column (null entries mean left)
     */
    TableLayout(List<List<String>> rows, List<TableCell.Alignment> alignments) {
        this.rows = rows;
        this.alignments = alignments;
        this.columns = rows.stream().mapToInt(List::size).max().orElse(0);
    }

    List<StyledLine> render(int width) {
        List<StyledLine> out = new ArrayList<>();
        if (columns == 0) {
            return out;
        }
        String rule =
                columns * (COLUMN_RULE.length() + 1) - COLUMN_RULE.length() <= width ? COLUMN_RULE : NARROW_COLUMN_RULE;
        int[] widths = widths(width - rule.length() * (columns - 1));
        for (int r = 0; r < rows.size(); r++) {
            StyledLine.Kind kind = r == 0 ? StyledLine.Kind.HEADING : StyledLine.Kind.TEXT;
            for (String line : rowLines(rows.get(r), widths, rule)) {
                out.add(StyledLine.of(kind, fit(line, width)));
            }
            if (r == 0) {
                out.add(StyledLine.of(StyledLine.Kind.DIM, fit(headerRule(widths, rule), width)));
            }
        }
        return out;
    }

    /** Natural widths when they fit in {@code available}; else shares proportional to them, each at least a few characters. */
    private int[] widths(int available) {
        int[] natural = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                natural[c] = Math.max(natural[c], row.get(c).strip().length());
            }
        }
        int total = 0;
        for (int c = 0; c < columns; c++) {
            natural[c] = Math.max(1, natural[c]);
            total += natural[c];
        }
        if (total <= available) {
            return natural;
        }
        // Each column keeps its longest word when all of them fit, else a few characters.
        int[] out = longestWords();
        int kept = 0;
        for (int c = 0; c < columns; c++) {
            out[c] = Math.min(out[c], natural[c]);
            kept += out[c];
        }
        if (kept > available) {
            int floor = Math.max(1, Math.min(MIN_COLUMN, available / columns));
            for (int c = 0; c < columns; c++) {
                out[c] = Math.min(natural[c], floor);
            }
        }
        int spare = available;
        for (int c = 0; c < columns; c++) {
            spare -= out[c];
        }
        int wanted = 0;
        for (int c = 0; c < columns; c++) {
            wanted += natural[c] - out[c];
        }
        if (spare > 0 && wanted > 0) {
            int given = 0;
            for (int c = 0; c < columns; c++) {
                int share = (int) ((long) spare * (natural[c] - out[c]) / wanted);
                out[c] += share;
                given += share;
            }
            for (int c = 0; given < spare; c = (c + 1) % columns) {
                if (out[c] < natural[c]) {
                    out[c]++;
                    given++;
                }
            }
        }
        return out;
    }

    private int[] longestWords() {
        int[] out = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                for (String word : row.get(c).strip().split("\\s+")) {
                    out[c] = Math.max(out[c], word.length());
                }
            }
        }
        return out;
    }

    private List<String> rowLines(List<String> row, int[] widths, String rule) {
        List<List<String>> cells = new ArrayList<>();
        int height = 1;
        for (int c = 0; c < columns; c++) {
            List<String> wrapped = WordWrap.wrap(c < row.size() ? row.get(c) : "", widths[c]);
            cells.add(wrapped);
            height = Math.max(height, wrapped.size());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < height; i++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    line.append(rule);
                }
                List<String> cell = cells.get(c);
                line.append(align(
                        i < cell.size() ? cell.get(i) : "",
                        widths[c],
                        c < alignments.size() ? alignments.get(c) : null));
            }
            out.add(line.toString().stripTrailing());
        }
        return out;
    }

    private static String align(String text, int width, TableCell.Alignment alignment) {
        int pad = Math.max(0, width - text.length());
        if (alignment == TableCell.Alignment.RIGHT) {
            return " ".repeat(pad) + text;
        }
        if (alignment == TableCell.Alignment.CENTER) {
            return " ".repeat(pad / 2) + text + " ".repeat(pad - pad / 2);
        }
        return text + " ".repeat(pad);
    }

    private String headerRule(int[] widths, String rule) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            if (c > 0) {
                line.append(rule.replace(' ', '─').replace('│', '┼'));
            }
            line.append("─".repeat(widths[c]));
        }
        return line.toString();
    }

    /** Last resort for tables with more columns than the width has characters. */
    private static String fit(String line, int width) {
        return line.length() <= width ? line : line.substring(0, width);
    }
}
