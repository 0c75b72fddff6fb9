package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code arena console} and {@code arena demo} as commands: registration, bad options, no terminal. */
class ConsoleCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ArenaMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void aRefreshBelowTheOneSecondFloorIsRefusedWithExit3() {
        assertThat(run("console", "--refresh", "500ms")).isEqualTo(3);
        assertThat(err.toString()).contains("--refresh 500ms is below the 1s floor");
    }

    @Test
    void aRefreshThatIsNotADurationNamesTheOption() {
        assertThat(run("console", "--refresh", "soon")).isEqualTo(3);
        assertThat(err.toString()).contains("--refresh", "'soon' is not a duration");
    }

    @Test
    void withoutATerminalConsoleAndDemoSaySoAndExit3() {
        // Tests run with stdin/stdout redirected, so System.console() is null here.
        assertThat(run("console")).isEqualTo(3);
        assertThat(err.toString()).contains("needs an interactive terminal");
        assertThat(run("demo")).isEqualTo(3);
        assertThat(err.toString()).contains("arena demo: needs an interactive terminal");
    }

    @Test
    void helpListsTheConsoleOptions() {
        assertThat(run("console", "--help")).isZero();
        assertThat(out.toString()).contains("--write", "--refresh", "--server", "--redis", "--env-file");
        assertThat(run("demo", "--help")).isZero();
        assertThat(out.toString()).contains("--redis", "--data");
    }
}
