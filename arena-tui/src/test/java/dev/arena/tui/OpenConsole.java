package dev.arena.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.arena.diag.DiagContext;
import dev.arena.testkit.VirtualConsole;
import dev.arena.time.Ticker;
import dev.arena.tui.source.DiagConsoleSource;
import dev.arena.tui.state.ConsoleSettings;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A console an integration test started on a virtual screen, over its own diagnostics source, refreshed
 * only when the test's {@link ManualPacing} says. Closing stops the console, then its source.
 */
final class OpenConsole implements AutoCloseable {

    final Console console;
    private final DiagConsoleSource source;

    private OpenConsole(Console console, DiagConsoleSource source) {
        this.console = console;
        this.source = source;
    }

    /** Starts the console on {@code screen}, reading through {@code context}; a rotation rewrites {@code envFile}. */
    static OpenConsole start(
            VirtualConsole screen,
            DiagContext context,
            ConsoleSettings settings,
            Clock clock,
            Path envFile,
            ManualPacing pacing) {
        DiagConsoleSource source =
                new DiagConsoleSource(context, "arena-console@test", clock, Ticker.system(), envFile);
        try {
            return new OpenConsole(Console.start(screen.terminal(), source, settings, clock, pacing), source);
        } catch (RuntimeException | Error e) {
            source.close();
            throw e;
        }
    }

    /**
     * Starts the console in write mode on the Redis backend with no server (what the rotation wizard
     * needs), as {@link #start}.
     */
    static OpenConsole onRedisInWriteMode(
            VirtualConsole screen, DiagContext context, Clock clock, Path envFile, ManualPacing pacing) {
        ConsoleSettings settings = ConsoleSettings.defaults(context.serverUrl(), "redis")
                .withRedisUrl(context.maskedRedisUrl())
                .withWriteMode(true);
        return start(screen, context, settings, clock, envFile, pacing);
    }

    /** Confirms the password-rotation wizard's current step: types {@code rotate} and presses Rotate. */
    static void confirmRotation(VirtualConsole screen) {
        screen.press(KeyType.ReverseTab);
        screen.type("rotate");
        screen.press(KeyType.Tab);
        screen.press(KeyType.Tab);
        screen.press(KeyType.Enter);
        screen.awaitText("DONE:");
    }

    @Override
    public void close() {
        console.close();
        source.close();
    }
}
