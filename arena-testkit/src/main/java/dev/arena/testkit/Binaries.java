package dev.arena.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds the server binaries the fixtures run: first on {@code PATH}, then in the places packages
 * install them without linking them onto {@code PATH} (Debian's PostgreSQL lives in
 * {@code /usr/lib/postgresql/<version>/bin}).
 */
final class Binaries {

    private Binaries() {}

    /**
     * The first executable named {@code name} on PATH or in {@code fallbackDirs}. One {@code *} in a
     * fallback dir stands for every directory at that place, highest version number first (Debian's
     * PostgreSQL: {@code /usr/lib/postgresql/<version>/bin}).
     */
    static Optional<Path> find(String name, List<String> fallbackDirs) {
        List<Path> dirs = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                dirs.add(Path.of(dir));
            }
        }
        for (String dir : fallbackDirs) {
            dirs.addAll(expand(dir));
        }
        for (Path dir : dirs) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static List<Path> expand(String dir) {
        int star = dir.indexOf('*');
        if (star < 0) {
            return List.of(Path.of(dir));
        }
        Path parent = Path.of(dir.substring(0, star));
        String rest = dir.substring(star + 1).replaceFirst("^/", "");
        List<Path> versions = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return versions;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent)) {
            children.forEach(versions::add);
        } catch (IOException e) {
            return List.of();
        }
        versions.sort(Comparator.comparing(Binaries::versionOf).reversed());
        return versions.stream().map(v -> rest.isEmpty() ? v : v.resolve(rest)).toList();
    }

    private static double versionOf(Path dir) {
        try {
            return Double.parseDouble(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
