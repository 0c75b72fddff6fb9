package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Issue 11 part 8: {@code arena help <any subcommand path>}. */
class HelpPathTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ArenaMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void issue11Part8_helpDiagRuns_printsTheRunsUsage() {
        int code = run("help", "diag", "runs");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Usage: arena diag runs").contains("--limit");
    }

    @Test
    void helpDiag_printsTheDiagUsage() {
        assertThat(run("help", "diag")).isZero();
        assertThat(out.toString()).startsWith("Usage: arena diag").contains("sentinels");
    }

    @Test
    void helpAlone_printsTheRootUsage() {
        assertThat(run("help")).isZero();
        assertThat(out.toString()).startsWith("Usage: arena").contains("completion");
    }

    @Test
    void issue11Part8_helpUnknownPath_exits3NamingWhatExists() {
        int code = run("help", "diag", "nope");
        assertThat(code).isEqualTo(3);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("unknown command 'nope'").contains("arena diag").contains("runs");
    }
}
