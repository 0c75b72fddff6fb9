package dev.arena.server;

import dev.arena.broker.BrokerSettings;
import dev.arena.broker.Brokers;
import dev.arena.broker.EventBroker;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.broker.redis.RedisStreamsBroker;
import dev.arena.testkit.RedisCluster;
import dev.arena.testkit.RedisServer;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The broker backends the server tests run against: in-process, Redis (the class's RedisServer)
 * and Redis Cluster (the class's three-master cluster, named by its seed list).
 */
enum TestBackend {
    INPROCESS, REDIS, REDIS_CLUSTER;

    EventBroker create(BrokerSettings settings, Supplier<RedisServer> redis) {
        return create(settings, redis, () -> {
            throw new IllegalStateException("this test has no Redis Cluster: use TestServers for REDIS_CLUSTER");
        });
    }

    EventBroker create(BrokerSettings settings, Supplier<RedisServer> redis, Supplier<RedisCluster> cluster) {
        return switch (this) {
            case INPROCESS -> new InProcessEventBroker(settings, Clock.systemUTC());
            case REDIS -> RedisStreamsBroker.connect(redis.get().url(), Brokers.clientName("arena-server-test"),
                    settings, Clock.systemUTC());
            case REDIS_CLUSTER -> RedisStreamsBroker.connect(cluster.get().seedUrl(), Brokers.clientName("arena-server-test"),
                    settings, Clock.systemUTC());
        };
    }
}
