package dev.arena.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.redis.RedisScripts;
import dev.arena.testkit.PrivateRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lease hash's scripts on a real redis-server: renewal, dropping ended tasks, and a claim that only one caller wins. */
class LeaseHashIT {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    private static ForkLease lease(String child, String owner) {
        return new ForkLease("fork-" + child.substring(0, 8), child, "9f8e7d6c-0000-4000-8000-000000000002", 3, owner,
                "http://127.0.0.1:1", Instant.parse("2026-11-30T00:00:00Z"));
    }

    @Test
    void renewal_writesTheOwnersLeases_andDropsItsEndedOnes_neverAnotherOwners() {
        try (RedisScripts scripts = RedisScripts.connect(redis.server().url(), "arena-test/leases")) {
            LeaseHash hash = new LeaseHash(scripts);
            ForkLease a1 = lease("1a000000-0000-4000-8000-000000000001", "aaaaaaaaaaaa");
            ForkLease a2 = lease("1a000000-0000-4000-8000-000000000002", "aaaaaaaaaaaa");
            ForkLease b1 = lease("1b000000-0000-4000-8000-000000000001", "bbbbbbbbbbbb");
            hash.renew("aaaaaaaaaaaa", Duration.ofSeconds(10), List.of(a1, a2));
            hash.renew("bbbbbbbbbbbb", Duration.ofSeconds(10), List.of(b1));
            assertThat(hash.list()).extracting(ObservedLease::lease).containsExactlyInAnyOrder(a1, a2, b1);

            assertThat(hash.renew("aaaaaaaaaaaa", Duration.ofSeconds(10), List.of(a2))).as("a1 ended").isEqualTo(1);
            assertThat(hash.list()).extracting(ObservedLease::lease).containsExactlyInAnyOrder(a2, b1);
            assertThat(hash.list()).allSatisfy(l -> assertThat(l.expired()).isFalse());

            hash.renew("aaaaaaaaaaaa", Duration.ofSeconds(10), List.of()); // orderly shutdown
            assertThat(hash.list()).extracting(ObservedLease::lease).containsExactly(b1);
        }
    }

    @Test
    void claim_onlyOfAnExpiredLeaseOfThatOwner_andOnlyOneOfManyCallersWins() throws Exception {
        try (RedisScripts scripts = RedisScripts.connect(redis.server().url(), "arena-test/leases")) {
            LeaseHash hash = new LeaseHash(scripts);
            ForkLease a1 = lease("1a000000-0000-4000-8000-000000000001", "aaaaaaaaaaaa");
            hash.renew("aaaaaaaaaaaa", Duration.ofMillis(300), List.of(a1));
            assertThat(hash.claim(a1.childRunId(), "aaaaaaaaaaaa")).as("still fresh").isFalse();

            await().atMost(Duration.ofSeconds(5)).until(() -> hash.list().get(0).expired());
            assertThat(hash.claim(a1.childRunId(), "someone-else")).as("another owner's name").isFalse();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                Callable<Boolean> claim = () -> hash.claim(a1.childRunId(), "aaaaaaaaaaaa");
                List<Future<Boolean>> results = pool.invokeAll(java.util.Collections.nCopies(8, claim));
                long won = 0;
                for (Future<Boolean> r : results) {
                    won += r.get() ? 1 : 0;
                }
                assertThat(won).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(hash.list()).isEmpty();
        }
    }
}
