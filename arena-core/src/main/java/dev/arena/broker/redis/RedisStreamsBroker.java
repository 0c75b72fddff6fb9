package dev.arena.broker.redis;

import dev.arena.broker.BrokerSettings;
import dev.arena.broker.EventBroker;
import java.time.Clock;

/** Redis Streams backend (§5). Being written; see issue 2. */
public final class RedisStreamsBroker {
    private RedisStreamsBroker() {
    }

    public static EventBroker connect(String url, String clientName, BrokerSettings settings, Clock clock) {
        throw new UnsupportedOperationException("Redis backend under construction");
    }
}
