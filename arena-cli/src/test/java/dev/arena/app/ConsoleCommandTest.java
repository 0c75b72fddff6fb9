package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code arena console} and {@code arena demo} as commands: registration, bad options, no terminal. */
class ConsoleCommandTest {

    private final CapturedArena arena = new CapturedArena();

    private int run(String... args) {
        return arena.run(args);
    }

    @Test
    void aRefreshBelowTheOneSecondFloorIsRefusedWithExit3() {
        assertThat(run("console", "--refresh", "500ms")).isEqualTo(3);
        assertThat(arena.err.toString()).contains("--refresh 500ms is below the 1s floor");
    }

    @Test
    void aRefreshThatIsNotADurationNamesTheOption() {
        assertThat(run("console", "--refresh", "soon")).isEqualTo(3);
        assertThat(arena.err.toString()).contains("--refresh", "'soon' is not a duration");
    }

    @Test
    void withoutATerminalConsoleAndDemoSaySoAndExit3() {
        // Tests run with stdin/stdout redirected, so System.console() is null here.
        assertThat(run("console")).isEqualTo(3);
        assertThat(arena.err.toString()).contains("needs an interactive terminal");
        assertThat(run("demo")).isEqualTo(3);
        assertThat(arena.err.toString()).contains("arena demo: needs an interactive terminal");
    }

    @Test
    void helpListsTheConsoleOptions() {
        assertThat(run("console", "--help")).isZero();
        assertThat(arena.out.toString())
                .contains("--write", "--refresh", "--server", "--redis", "--env-file", "--token");
        assertThat(run("demo", "--help")).isZero();
        assertThat(arena.out.toString()).contains("--redis", "--data");
    }
}
