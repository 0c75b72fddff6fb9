package dev.arena.diag.action;

import dev.arena.config.RedisUrl;
import dev.arena.diag.DiagException;
import dev.arena.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A dotenv file ({@code KEY=value} lines) rewritten atomically: the new content goes to a temp
 * file in the same directory created with mode 0600, is forced to disk, then moved over the old
 * one with ATOMIC_MOVE — a reader (or a crash) sees the old file or the new one, never half.
 */
final class EnvFile {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;

    EnvFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    boolean exists() {
        return Files.exists(path);
    }

    /** The raw content, or empty when the file does not exist. */
    String read() {
        try {
            return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new DiagException("cannot read env file " + path + ": " + e.getMessage(), e);
        }
    }

    /** The value of {@code name} ({@code NAME=v} or {@code export NAME=v}, quotes stripped). */
    Optional<String> value(String name) {
        for (String line : read().split("\n", -1)) {
            Optional<String> v = valueOf(line, name);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    /** Content with REDIS_PASSWORD set to {@code password} and any password inside REDIS_URL replaced. */
    static String withRedisPassword(String content, String password) {
        List<String> out = new ArrayList<>();
        boolean seen = false;
        String[] lines = content.isEmpty() ? new String[0] : content.split("\n", -1);
        for (String line : lines) {
            if (valueOf(line, "REDIS_PASSWORD").isPresent()) {
                out.add(prefixOf(line) + "REDIS_PASSWORD=" + password);
                seen = true;
            } else if (valueOf(line, "REDIS_URL").isPresent()) {
                String url = valueOf(line, "REDIS_URL").get();
                out.add(
                        RedisUrl.passwordOf(url) == null
                                ? line
                                : prefixOf(line) + "REDIS_URL="
                                        + RedisUrl.parse(url).withPassword(password));
            } else {
                out.add(line);
            }
        }
        if (!seen) {
            if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
                out.remove(out.size() - 1);
            }
            out.add("REDIS_PASSWORD=" + password);
            out.add("");
        }
        return String.join("\n", out);
    }

    /** Replaces the file's content atomically with mode 0600 ({@link PrivateFiles#writeAtomically}). */
    void writeAtomically(String content) {
        try {
            PrivateFiles.writeAtomically(path, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | UnsupportedOperationException e) {
            throw new DiagException(
                    "cannot rewrite env file " + path + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
    }

    /** The file's POSIX permissions as {@code rw-------}, or "?" when unknown. */
    String mode() {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }

    private static Optional<String> valueOf(String line, String name) {
        String t = line.trim();
        if (t.startsWith("export ")) {
            t = t.substring(7).trim();
        }
        if (!t.startsWith(name + "=")) {
            return Optional.empty();
        }
        String v = t.substring(name.length() + 1).trim();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1);
        }
        return Optional.of(v);
    }

    private static String prefixOf(String line) {
        return line.trim().startsWith("export ") ? "export " : "";
    }
}
