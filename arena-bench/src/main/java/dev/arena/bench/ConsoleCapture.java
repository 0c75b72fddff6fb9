package dev.arena.bench;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.arena.app.demo.DemoRig;
import dev.arena.app.demo.DemoTraffic;
import dev.arena.config.ArenaConfig;
import dev.arena.diag.DiagContext;
import dev.arena.tui.Console;
import dev.arena.tui.ConsoleSettings;
import dev.arena.tui.DiagConsoleSource;
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
            DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(160, 48));
            ConsoleSettings settings = ConsoleSettings.defaults(context.serverUrl(), "inprocess").withEnvLabel("demo")
                    .withWriteMode(true).withStuckAfter(context.forkStuckAfter());
            try (DiagConsoleSource source = new DiagConsoleSource(context, "arena-console@capture", Clock.systemUTC(), null);
                 Console console = Console.start(terminal, source, settings, Clock.systemUTC())) {
                long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
                while (!text(terminal).contains(", 1 STUCK)") && System.nanoTime() < deadline) {
                    Thread.sleep(1000);
                }
                Thread.sleep(2500);
                System.out.println("### 160x48\n" + text(terminal));
                terminal.setTerminalSize(new TerminalSize(80, 24));
                Thread.sleep(2500);
                System.out.println("### 80x24\n" + text(terminal));
            }
        }
    }

    static String text(DefaultVirtualTerminal t) {
        TerminalSize size = t.getTerminalSize();
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < size.getRows(); r++) {
            StringBuilder row = new StringBuilder();
            for (int c = 0; c < size.getColumns(); c++) {
                TextCharacter ch = t.getCharacter(c, r);
                row.append(ch == null ? " " : ch.getCharacterString());
            }
            sb.append(row.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
