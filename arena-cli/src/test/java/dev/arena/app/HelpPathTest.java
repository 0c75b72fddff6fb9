package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code arena help <any subcommand path>} prints that command's usage; an unknown path exits 3 naming what exists. */
class HelpPathTest {

    private final CapturedArena arena = new CapturedArena();

    private int run(String... args) {
        return arena.run(args);
    }

    @Test
    void helpDiagRuns_printsTheRunsUsage() {
        int code = run("help", "diag", "runs");
        assertThat(code).as(arena.err.toString()).isZero();
        assertThat(arena.out.toString()).startsWith("Usage: arena diag runs").contains("--limit");
    }

    @Test
    void helpDiag_printsTheDiagUsage() {
        assertThat(run("help", "diag")).isZero();
        assertThat(arena.out.toString()).startsWith("Usage: arena diag").contains("sentinels");
    }

    @Test
    void helpAlone_printsTheRootUsage() {
        assertThat(run("help")).isZero();
        assertThat(arena.out.toString()).startsWith("Usage: arena").contains("completion");
    }

    @Test
    void helpUnknownPath_exits3NamingWhatExists() {
        int code = run("help", "diag", "nope");
        assertThat(code).isEqualTo(3);
        assertThat(arena.out.toString()).isEmpty();
        assertThat(arena.err.toString())
                .contains("unknown command 'nope'")
                .contains("arena diag")
                .contains("runs");
    }
}
