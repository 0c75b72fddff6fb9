package dev.arena.tui;

import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Runs a console on the process's real terminal until the operator quits: a text terminal even
 * where a desktop exists (so it works over SSH and inside tmux), logs redirected into the log
 * panel meanwhile, and the terminal restored afterwards whatever happens.
 */
public final class ConsoleLauncher {

    private ConsoleLauncher() {
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
                .createTerminal();
        try (terminal; LogCapture logs = new LogCapture(line -> { }, secrets)) {
            Console console = Console.start(terminal, source, settings, clock);
            try (console; LogCapture toPanel = new LogCapture(console::note, secrets)) {
                console.awaitQuit();
            }
        }
    }
}
