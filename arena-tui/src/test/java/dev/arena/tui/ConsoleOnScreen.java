package dev.arena.tui;

import dev.arena.testkit.MutableClock;
import dev.arena.testkit.VirtualConsole;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a console test drawn from a snapshot starts from: a clock that moves when the test says, refreshes on cue,
 * a virtual screen, and the console the test opens on it, closed after the test.
 */
final class ConsoleOnScreen implements AfterEachCallback {

    final MutableClock clock = MutableClock.startingNow();
    final ManualPacing pacing = new ManualPacing();
    final VirtualConsole screen;
    Console console;

    ConsoleOnScreen(int cols, int rows) {
        this.screen = new VirtualConsole(cols, rows);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (console != null) {
            console.close();
        }
    }
}
