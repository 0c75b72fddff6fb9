package dev.arena.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time of this JVM's threads grouped by role (a function of the thread's name), between two snapshots: which
 * part of a process that holds both a producer and a server spent what. A thread that ended between the snapshots is
 * not counted.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Function<String, String> role;
    private final Map<Long, Long> start = new HashMap<>();

    /** Takes the first snapshot; {@code role} names a thread's group, or null to leave it out. */
    ThreadCpu(Function<String, String> role) {
        this.role = role;
        for (long id : THREADS.getAllThreadIds()) {
            start.put(id, Math.max(0, THREADS.getThreadCpuTime(id)));
        }
    }

    /** Nanoseconds of CPU each role's threads used since the first snapshot. */
    Map<String, Long> since() {
        Map<String, Long> out = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long now = THREADS.getThreadCpuTime(id);
            if (info == null || now < 0) {
                continue;
            }
            String group = role.apply(info.getThreadName());
            if (group != null) {
                out.merge(group, now - start.getOrDefault(id, 0L), Long::sum);
            }
        }
        return out;
    }
}
