package dev.arena.bench;

import com.sun.management.OperatingSystemMXBean;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * CPU time per event for this JVM and for redis-server ({@code used_cpu_user + used_cpu_sys} of
 * {@code INFO cpu}) between {@link #start()} and a report — comparable across runs even when the
 * machine is busy with other work, unlike wall-clock throughput.
 */
final class CpuMeter implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> conn;
    private double redisStart;
    private long jvmStart;

    CpuMeter(String url) {
        this.client = RedisClient.create(url);
        this.conn = client.connect();
    }

    void start() {
        redisStart = redisCpuSeconds();
        jvmStart = jvmCpuNanos();
    }

    String perEvent(long events) {
        double redisUs = (redisCpuSeconds() - redisStart) * 1e6 / events;
        double jvmUs = (jvmCpuNanos() - jvmStart) / 1e3 / events;
        return String.format(
                Locale.ROOT,
                "CPU per event (warm-up included): this JVM %.2f us, redis-server %.2f us",
                jvmUs,
                redisUs);
    }

    String redisOnlyPerEvent(long events) {
        return String.format(
                Locale.ROOT, "CPU per XADD: redis-server %.2f us", (redisCpuSeconds() - redisStart) * 1e6 / events);
    }

    private double redisCpuSeconds() {
        double total = 0;
        for (String line : conn.sync().info("cpu").split("\\r?\\n")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                total +=
                        Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return total;
    }

    static long jvmCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @Override
    public void close() {
        conn.close();
        client.shutdown();
    }
}
