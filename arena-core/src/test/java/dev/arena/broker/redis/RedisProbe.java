package dev.arena.broker.redis;

import dev.arena.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;

/** A plain Lettuce connection tests use to look at (and tamper with) what the broker wrote. */
final class RedisProbe implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> conn;

    RedisProbe(RedisServer server) {
        this.client = RedisClient.create(server.url());
        this.conn = client.connect();
    }

    RedisCommands<String, String> redis() {
        return conn.sync();
    }

    List<String> keys(String pattern) {
        List<String> out = new ArrayList<>();
        ScanIterator.scan(redis(), ScanArgs.Builder.matches(pattern).limit(1000))
                .forEachRemaining(out::add);
        return out;
    }

    /** Names of the connected clients whose name starts with {@code prefix}. */
    List<String> clientNames(String prefix) {
        List<String> names = new ArrayList<>();
        for (String line : redis().clientList().split("\n")) {
            for (String field : line.trim().split(" ")) {
                if (field.startsWith("name=") && field.substring(5).startsWith(prefix)) {
                    names.add(field.substring(5));
                }
            }
        }
        return names;
    }

    @Override
    public void close() {
        conn.close();
        client.shutdown();
    }
}
