package dev.arena.tui.runbook;

import dev.arena.tui.text.StyledLine;
import dev.arena.tui.text.WordWrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.ThematicBreak;

/**
 * Walks a commonmark document and lays its blocks out as {@link StyledLine}s for one width. Blocks
 * are separated by a blank line (items of a tight list and the blocks inside them are not); list items and block quotes
 * indent what they contain, the marker ({@code •}, {@code 1.}) on the item's first line.
 */
final class MarkdownLines extends AbstractVisitor {

    private static final String CODE_INDENT = "    ";

    private final int width;
    private final List<StyledLine> out = new ArrayList<>();
    /** Prefix of every line inside the current list items and quotes. */
    private String indent = "";
    /** The marker still to print on the current list item's first line, or null. */
    private String marker;

    MarkdownLines(int width) {
        this.width = width;
    }

    List<StyledLine> lines() {
        int end = out.size();
        while (end > 0 && out.get(end - 1).text().isEmpty()) {
            end--;
        }
        return List.copyOf(out.subList(0, end));
    }

    @Override
    public void visit(Heading node) {
        separate(node);
        String title = InlineText.of(node);
        if (node.getLevel() <= 1) {
            title = title.toUpperCase(Locale.ROOT);
        }
        int room = room();
        int longest = 0;
        for (String line : WordWrap.wrap(title, room)) {
            emit(StyledLine.Kind.HEADING, line);
            longest = Math.max(longest, line.length());
        }
        String rule = node.getLevel() <= 1 ? "═" : "─";
        emit(StyledLine.Kind.DIM, rule.repeat(Math.min(room, Math.max(3, longest))));
    }

    @Override
    public void visit(Paragraph node) {
        separate(node);
        for (String line : WordWrap.wrap(InlineText.of(node), room())) {
            emit(StyledLine.Kind.TEXT, line);
        }
    }

    @Override
    public void visit(FencedCodeBlock node) {
        separate(node);
        code(node.getLiteral());
    }

    @Override
    public void visit(IndentedCodeBlock node) {
        separate(node);
        code(node.getLiteral());
    }

    @Override
    public void visit(HtmlBlock node) {
        separate(node);
        for (String line : node.getLiteral().stripTrailing().split("\n", -1)) {
            emit(StyledLine.Kind.DIM, line);
        }
    }

    @Override
    public void visit(ThematicBreak node) {
        separate(node);
        emit(StyledLine.Kind.DIM, "─".repeat(room()));
    }

    @Override
    public void visit(BlockQuote node) {
        separate(node);
        nest("│ ", null, node);
    }

    @Override
    public void visit(BulletList node) {
        separate(node);
        for (Node item = node.getFirstChild(); item != null; item = item.getNext()) {
            nest("  ", "• ", item);
        }
    }

    @Override
    public void visit(OrderedList node) {
        separate(node);
        Integer start = node.getMarkerStartNumber();
        String delimiter = node.getMarkerDelimiter() == null ? "." : node.getMarkerDelimiter();
        int n = start == null ? 1 : start;
        int last = n + count(node) - 1;
        int markerWidth = String.valueOf(last).length() + delimiter.length() + 1;
        for (Node item = node.getFirstChild(); item != null; item = item.getNext(), n++) {
            String m = n + delimiter;
            nest(" ".repeat(markerWidth), m + " ".repeat(markerWidth - m.length()), item);
        }
    }

    @Override
    public void visit(CustomBlock node) {
        if (node instanceof TableBlock table) {
            separate(node);
            table(table);
        } else {
            visitChildren(node);
        }
    }

    /** Lays out the children of {@code node} with {@code prefix} added to every line, {@code first} on the first one. */
    private void nest(String prefix, String first, Node node) {
        String savedIndent = indent;
        String savedMarker = marker;
        if (first != null) {
            marker = indent + first;
        } else if (marker != null) {
            marker = marker + prefix;
        }
        indent = indent + prefix;
        visitChildren(node);
        indent = savedIndent;
        marker = savedMarker != null && marker != null ? savedMarker : null;
    }

    private void code(String literal) {
        String body = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
        for (String line : body.split("\n", -1)) {
            // Verbatim and never wrapped, so a command can be copied as it is.
            String text = line.stripTrailing();
            emit(StyledLine.Kind.CODE, CODE_INDENT + text);
        }
    }

    private void table(TableBlock table) {
        List<List<String>> rows = new ArrayList<>();
        List<TableCell.Alignment> alignments = new ArrayList<>();
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                List<String> cells = new ArrayList<>();
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    cells.add(InlineText.of(cell));
                    if (rows.isEmpty() && cell instanceof TableCell tc) {
                        alignments.add(tc.getAlignment());
                    }
                }
                rows.add(cells);
            }
        }
        for (StyledLine line : new TableLayout(rows, alignments).render(room())) {
            emit(line.kind(), line.text());
        }
    }

    /** A blank line before every block but the first, except inside a tight list's item. */
    private void separate(Node block) {
        if (out.isEmpty() || out.get(out.size() - 1).text().isBlank()) {
            return;
        }
        Node parent = block.getParent();
        if (parent instanceof ListItem item && item.getParent() instanceof ListBlock list) {
            boolean firstItem = item == list.getFirstChild();
            if (list.isTight() || (block == item.getFirstChild() && firstItem)) {
                return;
            }
        }
        if (block instanceof ListBlock && parent instanceof ListItem) {
            return;
        }
        out.add(StyledLine.text(indent.stripTrailing()));
    }

    private void emit(StyledLine.Kind kind, String text) {
        String prefix = marker != null ? marker : indent;
        marker = null;
        out.add(StyledLine.of(kind, (prefix + text).stripTrailing()));
    }

    /** Columns left for text after the current prefix. */
    private int room() {
        return Math.max(MarkdownText.MIN_WIDTH / 2, width - indent.length());
    }

    private static int count(Node parent) {
        int n = 0;
        for (Node c = parent.getFirstChild(); c != null; c = c.getNext()) {
            n++;
        }
        return n;
    }
}
