package dev.arena.broker.redis;

import static org.awaitility.Awaitility.await;

import dev.arena.broker.BrokerContractTests;
import dev.arena.broker.EventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The broker contract (docs/design.md, "Broker contract") against the Redis Streams backend, on a private redis-server. */
class RedisBrokerContractIT extends BrokerContractTests {

    @RegisterExtension
    static final ProbedRedis REDIS = new ProbedRedis();

    @Override
    protected EventBroker createBroker(BrokerSettings settings, Clock clock) {
        return RedisStreamsBroker.connect(REDIS.server().url(), "arena-test", settings, clock);
    }

    /** Redis enforces closed retention with key TTLs: expire every key due within {@code by} now. */
    @Override
    protected void expireClosedRuns(MutableClock clock, Duration by) {
        clock.advance(by);
        for (String key : REDIS.probe().keys("arena:run:*")) {
            long ttl = REDIS.probe().redis().pttl(key);
            if (ttl > 0 && ttl <= by.toMillis()) {
                REDIS.probe().redis().pexpire(key, 1);
            }
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> REDIS.probe().keys("arena:run:*").stream().noneMatch(k -> {
                    long t = REDIS.probe().redis().pttl(k);
                    return t > 0 && t <= by.toMillis();
                }));
    }
}
