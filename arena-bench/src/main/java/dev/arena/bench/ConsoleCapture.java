package dev.arena.bench;

import dev.arena.app.demo.DemoRig;
import dev.arena.app.demo.DemoTraffic;
import dev.arena.config.ArenaConfig;
import dev.arena.diag.DiagContext;
import dev.arena.testkit.VirtualConsole;
import dev.arena.time.Ticker;
import dev.arena.tui.Console;
import dev.arena.tui.source.DiagConsoleSource;
import dev.arena.tui.state.ConsoleSettings;
import java.time.Clock;
import java.time.Duration;

/**
 * Prints what {@code arena demo} looks like once its stuck fork has appeared, at 160×48 and then
 * (resized) at 80×24, read back from Lanterna's virtual terminal: the captures in docs/console.md.
 *
 * <p>Usage: {@code ConsoleCapture [--timeout SECONDS]} (default 150).
 */
public final class ConsoleCapture {

    public static void main(String[] args) throws Exception {
        int timeout = args.length == 2 && args[0].equals("--timeout") ? Integer.parseInt(args[1]) : 150;
        try (DemoRig rig = DemoRig.prepare(System.getenv(), false, null)) {
            rig.start(DemoTraffic.DEFAULT_SHAPE, "0.1.0-SNAPSHOT");
            DiagContext context = DiagContext.from(ArenaConfig.from(rig.environment()), rig.serverUrl(), null, false);
            VirtualConsole screen = new VirtualConsole(160, 48);
            ConsoleSettings settings = ConsoleSettings.defaults(context.serverUrl(), "inprocess")
                    .withEnvLabel("demo")
                    .withWriteMode(true)
                    .withStuckAfter(context.forkStuckAfter());
            try (DiagConsoleSource source = new DiagConsoleSource(
                            context, "arena-console@capture", Clock.systemUTC(), Ticker.system(), null);
                    Console console = Console.start(screen.terminal(), source, settings, Clock.systemUTC())) {
                screen.awaitText(Duration.ofSeconds(timeout), ", 1 STUCK)");
                settled(screen, 47);
                System.out.println("### 160x48\n" + screen.capture());
                screen.resize(80, 24);
                settled(screen, 23);
                System.out.println("### 80x24\n" + screen.capture());
            }
        }
    }

    /** Waits until the key bar, the last row drawn, is on screen. */
    private static void settled(VirtualConsole screen, int barRow) {
        screen.awaitScreen(s -> {
            if (!s.line(barRow).contains("q quit")) {
                throw new AssertionError("the console is still drawing:\n" + s.text());
            }
        });
    }
}
