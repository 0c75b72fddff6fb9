package dev.arena.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of this JVM's child processes (the benchmark's own {@code redis-server}, PostgreSQL) by command name,
 * between two snapshots, read from {@code /proc/<pid>/stat} (Linux). A process that ended or started between the
 * snapshots counts what it used while both saw it, or since it started.
 */
final class ChildCpu {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final Map<Long, Long> start = snapshot();

    /** Nanoseconds of CPU each command's processes used since the first snapshot. */
    Map<String, Long> since() {
        Map<String, Long> out = new HashMap<>();
        Map<Long, Long> now = snapshot();
        now.forEach((pid, ticks) -> out.merge(
                command(pid), (ticks - start.getOrDefault(pid, 0L)) * 1_000_000_000L / TICKS_PER_SECOND, Long::sum));
        return out;
    }

    private static Map<Long, Long> snapshot() {
        Map<Long, Long> out = new HashMap<>();
        ProcessHandle.current().descendants().forEach(p -> {
            long ticks = ticks(p.pid());
            if (ticks >= 0) {
                out.put(p.pid(), ticks);
            }
        });
        return out;
    }

    /** utime + stime of the process, in clock ticks; -1 when it is gone. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat(5)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String command(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm"))
                    .trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
