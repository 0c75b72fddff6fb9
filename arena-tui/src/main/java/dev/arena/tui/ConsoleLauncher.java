package dev.arena.tui;

import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal.CtrlCBehaviour;
import dev.arena.tui.source.ConsoleSource;
import dev.arena.tui.state.ConsoleSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Runs a console on the process's real terminal until the operator quits: a text terminal even
 * where a desktop exists (so it works over SSH and inside tmux), logs redirected into the log
 * panel meanwhile, and the terminal restored afterwards whatever happens.
 */
public final class ConsoleLauncher {

    private ConsoleLauncher() {}

    /**
     * True when stdin and stdout are an interactive terminal. On Java 22+ {@code System.console()}
     * exists even when redirected, so its {@code isTerminal()} is asked where available.
     */
    public static boolean interactiveTerminal() {
        // Qualified: this package's own Console is the dashboard.
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true; // Java 17-21: a non-null console is a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /**
     * Blocks until the operator quits.
     *
     * @param secrets values never to show if a log line happens to contain them
     * @throws IOException when there is no usable terminal
     */
    public static void runOnTerminal(ConsoleSource source, ConsoleSettings settings, Clock clock, String... secrets)
            throws IOException, InterruptedException {
        Terminal terminal = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                .setForceTextTerminal(true)
                .setUnixTerminalCtrlCBehaviour(CtrlCBehaviour.TRAP) // Ctrl-C quits cleanly, like q
                .createTerminal();
        try (terminal) {
            Console console = Console.start(terminal, source, settings, clock);
            LogCapture capture = new LogCapture(console::note, secrets);
            try {
                console.awaitQuit();
            } finally {
                console.close();
                capture.close();
            }
        }
    }
}
