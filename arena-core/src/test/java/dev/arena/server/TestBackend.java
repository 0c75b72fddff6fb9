package dev.arena.server;

import dev.arena.broker.BrokerSettings;
import dev.arena.broker.Brokers;
import dev.arena.broker.EventBroker;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.broker.redis.RedisStreamsBroker;
import dev.arena.testkit.RedisServer;
import java.time.Clock;
import java.util.function.Supplier;

/** The two broker backends the server tests run against; Redis needs the class's RedisServer. */
enum TestBackend {
    INPROCESS, REDIS;

    EventBroker create(BrokerSettings settings, Supplier<RedisServer> redis) {
        return switch (this) {
            case INPROCESS -> new InProcessEventBroker(settings, Clock.systemUTC());
            case REDIS -> RedisStreamsBroker.connect(redis.get().url(), Brokers.clientName("arena-server-test"),
                    settings, Clock.systemUTC());
        };
    }
}
