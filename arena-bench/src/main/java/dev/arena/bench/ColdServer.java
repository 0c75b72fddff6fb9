package dev.arena.bench;

import dev.arena.config.ArenaConfig;
import dev.arena.server.ArenaServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The server side of {@link ColdReadBench}, in its own JVM so its heap is measured alone (and bounded by the
 * {@code -Xmx} the benchmark starts it with): an {@code arena server} on the in-process backend, which holds no
 * runs, over the store named by the first argument ({@code ARENA_DB}), so every read is the store's cold path.
 * Prints {@code READY <port> <pid>}; each {@code heap} line on stdin is answered with {@code HEAP <bytes>}, the heap
 * used after a full GC; stops when stdin closes.
 */
final class ColdServer {

    private ColdServer() {}

    static void main(String[] args) throws Exception {
        ArenaConfig config =
                ArenaConfig.from(Map.of("ARENA_HTTP_PORT", "0", "ARENA_DB", args[0], "ARENA_AUDIT_LOG", args[1]));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (ArenaServer server = ArenaServer.builder(config).build().start()) {
            System.out.println(
                    "READY " + server.port() + " " + ProcessHandle.current().pid());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("heap")) {
                    System.gc();
                    System.out.println("HEAP " + memory.getHeapMemoryUsage().getUsed());
                    System.out.flush();
                }
            }
        }
        System.exit(0);
    }
}
