package dev.arena.tui.runbook;

import dev.arena.tui.text.StyledLine;
import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;

/**
 * Renders the runbooks' Markdown as terminal lines. Parsing is commonmark-java's (with the GFM
 * tables extension), so what the viewer shows is what any Markdown reader sees; the layout for a
 * terminal of a given width is {@link MarkdownLines}: headings highlighted, paragraphs and list
 * items wrapped, code blocks verbatim (so commands can be copied as they are), tables aligned in
 * columns that fit the width, inline markup reduced to its text.
 */
public final class MarkdownText {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();

    /** Narrowest layout; narrower windows get lines laid out for this width. */
    static final int MIN_WIDTH = 20;

    private MarkdownText() {}

    public static List<StyledLine> render(String markdown, int width) {
        MarkdownLines lines = new MarkdownLines(Math.max(MIN_WIDTH, width));
        PARSER.parse(markdown).accept(lines);
        return lines.lines();
    }
}
