package dev.arena.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Private temporary directories for the servers the fixtures start, deleted when they stop. */
final class TempDirs {

    private TempDirs() {}

    static Path create(Path parent, String prefix) {
        try {
            return Files.createTempDirectory(parent, prefix);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot create a temp dir '" + prefix + "…' in " + parent + ": " + e.getMessage(), e);
        }
    }

    static Path create(String prefix) {
        return create(Path.of(System.getProperty("java.io.tmpdir")), prefix);
    }

    /** Deletes {@code dir} and everything below it; a leftover temp dir is harmless, so failures are ignored. */
    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
