package dev.arena.tui;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders the runbooks' Markdown as terminal lines: headings highlighted, paragraphs and list
 * items wrapped to the width, code blocks and tables kept verbatim (so commands can be copied as
 * they are), inline markup ({@code **bold**}, {@code `code`}, links) reduced to its text.
 */
final class MarkdownText {

    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\(([^)]+)\\)");
    private static final Pattern BULLET = Pattern.compile("^(\\s*)([-*+]|\\d+[.)])\\s+(.*)$");

    private MarkdownText() {
    }

    static List<StyledLine> render(String markdown, int width) {
        int w = Math.max(20, width);
        List<StyledLine> out = new ArrayList<>();
        boolean code = false;
        StringBuilder para = new StringBuilder();
        for (String raw : markdown.replace("\r", "").split("\n", -1)) {
            String line = raw.stripTrailing();
            if (line.strip().startsWith("```")) {
                flush(para, out, w, "", "");
                code = !code;
                continue;
            }
            if (code) {
                out.add(StyledLine.of(StyledLine.Kind.CODE, "    " + line));
                continue;
            }
            if (line.isBlank()) {
                flush(para, out, w, "", "");
                if (!out.isEmpty() && !out.get(out.size() - 1).text().isEmpty()) {
                    out.add(StyledLine.text(""));
                }
                continue;
            }
            if (line.startsWith("#")) {
                flush(para, out, w, "", "");
                int level = 0;
                while (level < line.length() && line.charAt(level) == '#') {
                    level++;
                }
                String title = inline(line.substring(level).strip());
                out.add(StyledLine.heading(level <= 1 ? title.toUpperCase(java.util.Locale.ROOT) : title));
                out.add(StyledLine.of(StyledLine.Kind.DIM, (level <= 1 ? "═" : "─").repeat(Math.min(w, Math.max(3, title.length())))));
                continue;
            }
            if (line.startsWith("|") || line.startsWith("    ") || line.startsWith("\t")) {
                flush(para, out, w, "", "");
                if (!line.matches("\\|?[\\s:|-]+\\|?")) {
                    out.add(StyledLine.of(line.startsWith("|") ? StyledLine.Kind.TEXT : StyledLine.Kind.CODE, inline(line)));
                }
                continue;
            }
            var m = BULLET.matcher(line);
            if (m.matches()) {
                flush(para, out, w, "", "");
                String indent = m.group(1);
                String marker = m.group(2).matches("[-*+]") ? "•" : m.group(2);
                String first = indent + marker + " ";
                para.append(m.group(3));
                flush(para, out, w, first, " ".repeat(first.length()));
                continue;
            }
            if (line.startsWith(">")) {
                flush(para, out, w, "", "");
                para.append(line.substring(1).strip());
                flush(para, out, w, "│ ", "│ ");
                continue;
            }
            if (para.length() > 0) {
                para.append(' ');
            }
            para.append(line.strip());
        }
        flush(para, out, w, "", "");
        return out;
    }

    /** Strips inline markup: bold/italic markers, backticks, and links become {@code text <url>}. */
    static String inline(String s) {
        String t = LINK.matcher(s).replaceAll("$1 <$2>");
        return t.replace("**", "").replace("__", "").replace("`", "");
    }

    private static void flush(StringBuilder para, List<StyledLine> out, int w, String first, String rest) {
        if (para.length() == 0) {
            return;
        }
        String text = inline(para.toString());
        para.setLength(0);
        String prefix = first;
        StringBuilder line = new StringBuilder(prefix);
        boolean empty = true;
        for (String word : text.split(" +")) {
            if (!empty && line.length() + 1 + word.length() > w) {
                out.add(StyledLine.text(line.toString()));
                prefix = rest;
                line = new StringBuilder(prefix);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
            empty = false;
        }
        out.add(StyledLine.text(line.toString()));
    }
}
