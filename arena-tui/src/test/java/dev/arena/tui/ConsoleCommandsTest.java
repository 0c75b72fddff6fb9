package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.RunId;
import dev.arena.tui.source.RunRow;
import dev.arena.tui.state.RunsTable;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code :} command line: verbs, sort keys and run prefixes. */
class ConsoleCommandsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");

    @Test
    void commands_parseVerbsAndResolveUniqueRunPrefixes() {
        RunRow a = RunRow.undetailed(RunId.parse("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d"), null, "running", NOW, 1);
        RunRow b = RunRow.undetailed(RunId.parse("3f2b0000-9a4d-4e7b-8c21-5d6f7a8b9c0d"), null, "running", NOW, 1);
        assertThat(ConsoleCommands.parse(":sort idle")).isEqualTo(new ConsoleCommands.Parsed("sort", "idle"));
        assertThat(ConsoleCommands.parse("q").verb()).isEqualTo("quit");
        assertThatThrownBy(() -> ConsoleCommands.parse("rm -rf")).hasMessageContaining("unknown command 'rm'");
        assertThat(ConsoleCommands.resolveRun("3f2b8c", List.of(a, b))).isEqualTo(a.runId());
        assertThatThrownBy(() -> ConsoleCommands.resolveRun("3f2b", List.of(a, b)))
                .hasMessageContaining("2 open runs");
        assertThatThrownBy(() -> ConsoleCommands.resolveRun("*", List.of(a))).hasMessageContaining("not a run id");
        assertThat(ConsoleCommands.sortKey("Length")).isEqualTo(RunsTable.Sort.LENGTH);
    }
}
