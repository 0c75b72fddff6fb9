package dev.arena.tui.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.tui.text.StyledLine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runbook renderer's lines (commonmark AST → styled terminal lines), without a terminal. */
class MarkdownTextTest {

    private static final String WIDE_TABLE =
            """
            | symptom | likely cause | fix |
            |---|:---:|---:|
            | every command exits 3 "refused authentication" | wrong or stale password (e.g. after a rotation) | source the current `.env`; `arena diag doctor` |
            | `/events` stays silent | producer and server on different brokers | `arena diag backend` |
            """;

    @Test
    void tableWiderThanTheWindow_wrapsWithinItsColumns_andNoLineExceedsTheWidth() {
        List<StyledLine> lines = MarkdownText.render(WIDE_TABLE, 50);

        assertThat(lines)
                .extracting(StyledLine::text)
                .allMatch(t -> t.length() <= 50, "no line wider than 50")
                .noneMatch(t -> t.contains("|"))
                .noneMatch(t -> t.contains("`"));
        assertThat(lines.get(0).kind()).isEqualTo(StyledLine.Kind.HEADING);
        assertThat(lines.get(0).text())
                .startsWith("symptom")
                .contains("likely cause")
                .endsWith("fix");
        // The header rule crosses the column rules; every row line has its column rules in the same places.
        String rule = lines.stream()
                .filter(l -> l.kind() == StyledLine.Kind.DIM)
                .findFirst()
                .orElseThrow()
                .text();
        assertThat(rule).matches("─+┼─+┼─+");
        int first = rule.indexOf('┼');
        int second = rule.indexOf('┼', first + 1);
        assertThat(lines)
                .filteredOn(l -> l.kind() != StyledLine.Kind.DIM)
                .extracting(StyledLine::text)
                .allMatch(t -> t.charAt(first) == '│' && t.charAt(second) == '│', "columns aligned");
        // Cell text wraps inside its column: the first body row takes several lines, words intact.
        String body = String.join(
                " ",
                lines.stream()
                        .skip(2)
                        .map(l -> l.text().substring(0, first).strip())
                        .toList());
        assertThat(body).contains("every command exits 3 \"refused authentication\"");
        assertThat(lines.size()).isGreaterThan(2 + 2);
    }

    @Test
    void table_thatFits_keepsItsNaturalColumnWidths() {
        List<StyledLine> lines = MarkdownText.render("| a | bb |\n|---|---|\n| 1 | 2 |\n", 40);

        assertThat(lines).extracting(StyledLine::text).containsExactly("a │ bb", "──┼───", "1 │ 2");
    }

    @Test
    void headingsListsAndCodeBlocks() {
        String md =
                """
                # Stuck fork

                ## Step 1 — look

                - first bullet, long enough that it has to wrap onto a second line here
                - second
                  - nested

                1. one
                2. two

                ```sh
                arena diag triage <run>   -o json
                ```

                    indented code
                """;
        List<StyledLine> lines = MarkdownText.render(md, 40);

        assertThat(lines)
                .extracting(StyledLine::text)
                .containsExactly(
                        "STUCK FORK",
                        "══════════",
                        "",
                        "Step 1 — look",
                        "─────────────",
                        "",
                        "• first bullet, long enough that it has",
                        "  to wrap onto a second line here",
                        "• second",
                        "  • nested",
                        "",
                        "1. one",
                        "2. two",
                        "",
                        "    arena diag triage <run>   -o json",
                        "",
                        "    indented code");
        assertThat(lines.get(0).kind()).isEqualTo(StyledLine.Kind.HEADING);
        assertThat(lines.get(14).kind()).isEqualTo(StyledLine.Kind.CODE);
        assertThat(lines.get(16).kind()).isEqualTo(StyledLine.Kind.CODE);
    }

    @Test
    void inlineCodeEmphasisAndLinks_becomeTheirText() {
        List<StyledLine> lines = MarkdownText.render(
                "Run `arena diag doctor`, **then** see [the runbook](stuck-fork.md) or <https://x.test>.", 80);

        assertThat(lines)
                .extracting(StyledLine::text)
                .containsExactly("Run arena diag doctor, then see the runbook <stuck-fork.md> or https://x.test.");
    }

    @Test
    void codeLine_widerThanTheWindow_staysOneVerbatimLine() {
        String command = "curl -s -X POST -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:8000/admin/x";
        List<StyledLine> lines = MarkdownText.render("```\n" + command + "\n```\n", 40);

        assertThat(lines).containsExactly(StyledLine.of(StyledLine.Kind.CODE, "    " + command));
    }

    @Test
    void everyBundledRunbook_fitsEightyColumns_withNoRawPipeRows() throws Exception {
        RunbookLibrary library = RunbookLibrary.bundled();
        assertThat(library.names())
                .contains("stuck-fork.md", "redis-operations.md", "switching-backend.md", "several-servers.md");
        for (String name : library.names()) {
            String md = library.read(name).orElseThrow();
            List<StyledLine> lines = MarkdownText.render(md, 80);
            assertThat(lines).as(name).isNotEmpty();
            assertThat(lines)
                    .as(name)
                    .extracting(StyledLine::text)
                    .allMatch(t -> t.length() <= 80, "no line wider than 80")
                    .noneMatch(t -> t.strip().startsWith("|") && t.strip().endsWith("|"));
            if (md.contains("\n|---")) {
                assertThat(lines).as(name).extracting(StyledLine::text).anyMatch(t -> t.contains(" │ "));
            }
        }
    }

    @Test
    void markdown_wrapsParagraphs_keepsCodeVerbatim_andStripsInlineMarkup() {
        String md =
                "# Stuck fork\n\nWhen a **fork** stalls, run `arena diag triage <run>` and read the [runbook](x.md) fully.\n\n"
                        + "```\nredis-cli -a \"$REDIS_PASSWORD\" XLEN arena:run:{id}:events\n```\n\n- first item\n- second\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        List<StyledLine> lines = MarkdownText.render(md, 40);
        assertThat(lines.get(0)).isEqualTo(StyledLine.heading("STUCK FORK"));
        assertThat(lines)
                .extracting(StyledLine::text)
                .contains(
                        "    redis-cli -a \"$REDIS_PASSWORD\" XLEN arena:run:{id}:events",
                        "• first item",
                        "a │ b",
                        "1 │ 2")
                .noneMatch(t -> t.contains("**") || t.contains("`") || t.contains("|---|"));
        assertThat(lines)
                .filteredOn(l -> l.kind() == StyledLine.Kind.TEXT)
                .extracting(StyledLine::text)
                .allMatch(t -> t.length() <= 40);
    }
}
