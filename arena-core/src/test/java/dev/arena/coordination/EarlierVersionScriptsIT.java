package dev.arena.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.redis.RedisScripts;
import dev.arena.testkit.PrivateRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Servers of the earlier version and of this one share one Redis during a rolling upgrade: the
 * earlier version's scripts (kept here verbatim) and these claims read and respect each other's
 * registry entries, fork leases and reaper lease, in the layouts the three users configure.
 */
class EarlierVersionScriptsIT {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    private static final String EARLIER_REGISTRY_HEARTBEAT =
            """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local ttl = tonumber(ARGV[2])
            redis.call('HSET', KEYS[1], ARGV[1], string.format('%d %d %s', now, ttl, ARGV[3]))
            local all = redis.call('HGETALL', KEYS[1])
            local pruned = 0
            for i = 1, #all, 2 do
              local beat, life = string.match(all[i + 1], '^(%d+) (%d+) ')
              if beat == nil or now - tonumber(beat) > tonumber(life) then
                redis.call('HDEL', KEYS[1], all[i])
                pruned = pruned + 1
              end
            end
            if redis.call('PTTL', KEYS[1]) < 3 * ttl then
              redis.call('PEXPIRE', KEYS[1], 3 * ttl)
            end
            return {now, pruned}
            """;

    private static final String EARLIER_FORK_RENEW =
            """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local keep = {}
            for i = 3, #ARGV, 2 do
              redis.call('HSET', KEYS[1], ARGV[i], string.format('%d %s %s %s', now, ARGV[2], ARGV[1], ARGV[i + 1]))
              keep[ARGV[i]] = true
            end
            local all = redis.call('HGETALL', KEYS[1])
            local dropped = 0
            for i = 1, #all, 2 do
              local owner = string.match(all[i + 1], '^%d+ %d+ (%S+) ')
              if owner == ARGV[1] and not keep[all[i]] then
                redis.call('HDEL', KEYS[1], all[i])
                dropped = dropped + 1
              end
            end
            return {now, dropped}
            """;

    private static final String EARLIER_FORK_CLAIM =
            """
            local v = redis.call('HGET', KEYS[1], ARGV[1])
            if not v then return {0} end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local beat, life, owner = string.match(v, '^(%d+) (%d+) (%S+) ')
            if beat == nil or owner ~= ARGV[2] or now - tonumber(beat) <= tonumber(life) then return {0} end
            redis.call('HDEL', KEYS[1], ARGV[1])
            return {1}
            """;

    private static final String EARLIER_LEASE_HOLD =
            """
            local cur = redis.call('GET', KEYS[1])
            if cur == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return {1, cur}
            end
            if not cur then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return {1, ARGV[1]}
            end
            return {0, cur}
            """;

    private RedisScripts earlier;

    @BeforeEach
    void connect() {
        earlier = RedisScripts.connect(redis.server().url(), "arena-test/earlier-version");
    }

    @AfterEach
    void disconnect() {
        earlier.close();
    }

    /** A heartbeat of server aaaaaaaaaaaa (TTL 10 s) by the earlier version's script; its reply. */
    private List<Object> earlierHeartbeat() {
        return earlier.eval(
                "earlier heartbeat",
                EARLIER_REGISTRY_HEARTBEAT,
                "arena:servers",
                "aaaaaaaaaaaa",
                "10000",
                "{\"id\":\"aaaaaaaaaaaa\"}");
    }

    private static RedisScripts connection() {
        return RedisScripts.connect(redis.server().url(), "arena-test/this-version");
    }

    @Test
    void registry_eachVersionListsTheOther_andNeitherPrunesALiveEntry() {
        try (Claims servers =
                Claims.inRedisHash(connection(), "arena:servers", HashLayout.NAME_IS_HOLDER, Expiry.FORGET)) {
            earlierHeartbeat();
            servers.claim("bbbbbbbbbbbb", "bbbbbbbbbbbb", "{\"id\":\"bbbbbbbbbbbb\"}", Duration.ofSeconds(10));
            List<Object> afterEarlierBeat = earlierHeartbeat();

            assertThat(afterEarlierBeat.get(1))
                    .as("the earlier version pruned nothing")
                    .isEqualTo(0L);
            assertThat(servers.list())
                    .extracting(Claim::holder, Claim::payload)
                    .containsExactlyInAnyOrder(
                            tuple("aaaaaaaaaaaa", "{\"id\":\"aaaaaaaaaaaa\"}"),
                            tuple("bbbbbbbbbbbb", "{\"id\":\"bbbbbbbbbbbb\"}"));
            assertThat(servers.list()).allSatisfy(c -> assertThat(c.ttlMs()).isEqualTo(10_000));
        }
    }

    @Test
    void forkLeases_anEarlierOwnersExpiredLeaseIsTakenOverOnce_andTheEarlierClaimTakesOverOurs() {
        try (Claims forks = Claims.inRedisHash(connection(), "arena:forks", HashLayout.HOLDER_IN_VALUE, Expiry.KEEP)) {
            earlier.eval(
                    "earlier renew", EARLIER_FORK_RENEW, "arena:forks", "aaaaaaaaaaaa", "300", "child-a", "{\"a\":1}");
            forks.claim("child-b", "bbbbbbbbbbbb", "{\"b\":2}", Duration.ofMillis(300));
            earlier.eval(
                    "earlier renew", EARLIER_FORK_RENEW, "arena:forks", "aaaaaaaaaaaa", "300", "child-a", "{\"a\":1}");
            assertThat(forks.observe("child-b"))
                    .as("an earlier owner's renewal drops only its own")
                    .isPresent();
            assertThat(forks.observe("child-a").orElseThrow().payload()).isEqualTo("{\"a\":1}");

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> forks.list().stream().allMatch(Claim::expired));

            assertThat(forks.takeOver("child-a", "aaaaaaaaaaaa")).isTrue();
            assertThat(earlier.eval("earlier claim", EARLIER_FORK_CLAIM, "arena:forks", "child-a", "aaaaaaaaaaaa")
                            .get(0))
                    .isEqualTo(0L);
            assertThat(earlier.eval("earlier claim", EARLIER_FORK_CLAIM, "arena:forks", "child-b", "bbbbbbbbbbbb")
                            .get(0))
                    .isEqualTo(1L);
            assertThat(forks.takeOver("child-b", "bbbbbbbbbbbb"))
                    .as("already taken over")
                    .isFalse();
            assertThat(forks.list()).isEmpty();
        }
    }

    @Test
    void reaperLease_eachVersionSeesTheOthersHold() {
        try (Claims lease = Claims.inRedisKey(connection(), "arena:lease:reaper")) {
            assertThat(earlier.eval("earlier hold", EARLIER_LEASE_HOLD, "arena:lease:reaper", "aaaaaaaaaaaa", "30000"))
                    .containsExactly(1L, "aaaaaaaaaaaa");
            assertThat(lease.claim("arena:lease:reaper", "bbbbbbbbbbbb", "", Duration.ofSeconds(30))
                            .holder())
                    .isEqualTo("aaaaaaaaaaaa");
            assertThat(lease.renew("arena:lease:reaper", "bbbbbbbbbbbb", "", Duration.ofSeconds(30)))
                    .isFalse();

            assertThat(earlier.eval("earlier release", "redis.call('DEL', KEYS[1]) return {1}", "arena:lease:reaper"))
                    .isNotEmpty();
            assertThat(lease.claim("arena:lease:reaper", "bbbbbbbbbbbb", "", Duration.ofSeconds(30))
                            .heldBy("bbbbbbbbbbbb"))
                    .isTrue();
            assertThat(earlier.eval("earlier hold", EARLIER_LEASE_HOLD, "arena:lease:reaper", "aaaaaaaaaaaa", "30000"))
                    .containsExactly(0L, "bbbbbbbbbbbb");
        }
    }
}
