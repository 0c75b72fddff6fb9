package dev.arena.tui;

import dev.arena.testkit.VirtualConsole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh {@link ConsoleScene} for each test (its own server, runs, stalled fork and audit file, in its own
 * directory, closed after the test) and the console opened on it when the test asks: what every test of the
 * console against a real server starts from.
 */
final class ConsoleStage implements BeforeEachCallback, AfterEachCallback {

    /** Refreshes only when the test says. */
    final ManualPacing pacing = new ManualPacing();

    ConsoleScene scene;
    VirtualConsole screen;
    Console console;
    private Path dir;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("arena-console-scene");
        scene = new ConsoleScene(dir);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            scene.close();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Opens the console on a {@code cols}×{@code rows} virtual screen showing the aged scene. */
    void open(boolean write, int cols, int rows) {
        screen = new VirtualConsole(cols, rows);
        console = scene.openConsole(screen, pacing, write);
    }

    /** The scene's directory (server store, audit file). */
    Path dir() {
        return dir;
    }
}
