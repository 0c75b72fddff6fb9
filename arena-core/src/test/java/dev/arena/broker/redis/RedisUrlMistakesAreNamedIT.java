package dev.arena.broker.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.BrokerException;
import dev.arena.broker.Brokers;
import dev.arena.config.ConfigException;
import dev.arena.testkit.PrivateRedis;
import dev.arena.testkit.PrivateRedisCluster;
import dev.arena.testkit.RedisCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A mistake in {@code REDIS_URL} is reported as that mistake, not as "unreachable": a port that is
 * no number is refused naming it before anything connects; a database the server does not have
 * says "no database N"; any database but 0 on a Redis Cluster says a cluster has only database 0.
 */
class RedisUrlMistakesAreNamedIT {

    @RegisterExtension
    static final PrivateRedis REDIS = new PrivateRedis();

    @RegisterExtension
    static final PrivateRedisCluster CLUSTER =
            new PrivateRedisCluster(RedisCluster.builder().masters(3).replicasPerMaster(0));

    private static void open(String url) {
        Brokers.fromEnvironment(Map.of("ARENA_BROKER_BACKEND", "redis", "REDIS_URL", url), "arena-test")
                .close();
    }

    @Test
    void aPortThatIsNoNumber_isRefusedNamingThePort() {
        assertThatThrownBy(() -> open("redis://:pw-Secret-1@localhost:notaport/0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REDIS_URL='redis://:***@localhost:notaport/0'")
                .hasMessageContaining("port 'notaport' in the Redis URL is not a number")
                .hasMessageNotContaining("pw-Secret-1");
    }

    @Test
    void aDatabaseTheServerDoesNotHave_saysNoDatabaseN_notUnreachable() {
        String url = "redis://" + REDIS.server().host() + ":" + REDIS.server().port() + "/99";
        assertThatThrownBy(() -> open(url))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("has no database 99")
                .hasMessageNotContaining("cannot reach");
    }

    @Test
    void aDatabaseOtherThanZeroOnACluster_saysAClusterHasOnlyDatabaseZero() {
        var node = CLUSTER.cluster().nodes().get(0);
        assertThatThrownBy(() -> open("redis://" + node.host() + ":" + node.port() + "/1"))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("a cluster has only database 0: drop the /1")
                .hasMessageNotContaining("cannot reach");
        assertThatThrownBy(() -> open(CLUSTER.cluster().seedUrl() + "/1"))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("a cluster has only database 0: drop the /1");
    }
}
