package dev.arena.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.testkit.PrivateRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reaper's lease on a real private Redis: one holder at a time, renewal, release, lapse. */
class RedisLeaseIT {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    private Lease lease(String holder, Duration ttl) {
        return Leases.redis(redis.server().url(), "arena-test/lease-" + holder, Leases.REAPER, holder, ttl);
    }

    @Test
    void twoHolders_onlyTheFirstHolds_andRenewingKeepsIt() {
        try (Lease a = lease("server-a", Duration.ofSeconds(30));
                Lease b = lease("server-b", Duration.ofSeconds(30))) {
            assertThat(a.hold()).isTrue();
            assertThat(b.hold()).isFalse();
            assertThat(b.holder()).isEqualTo("server-a");
            assertThat(a.hold()).as("renewal by the holder").isTrue();
            assertThat(b.hold()).isFalse();
            assertThat(b.holder()).isEqualTo("server-a");
            // the first line of the reply, ":<ms>"
            assertThat(Long.parseLong(
                            redis.server().command("PTTL", Leases.REAPER).substring(1)))
                    .isBetween(1L, 30_000L);
        }
    }

    @Test
    void holderCloses_thePeerTakesOverAtOnce_andAClosedLeaseNeverHolds() {
        Lease a = lease("server-a", Duration.ofSeconds(30));
        try (Lease b = lease("server-b", Duration.ofSeconds(30))) {
            assertThat(a.hold()).isTrue();
            assertThat(b.hold()).isFalse();
            a.close();
            assertThat(b.hold())
                    .as("no waiting for the TTL after an orderly release")
                    .isTrue();
            assertThat(a.hold()).isFalse();
            a.close(); // idempotent
            assertThat(a.hold()).isFalse();
            assertThat(b.hold()).isTrue();
        }
    }

    @Test
    void closingANonHolder_doesNotReleaseThePeersLease() {
        try (Lease a = lease("server-a", Duration.ofSeconds(30))) {
            Lease b = lease("server-b", Duration.ofSeconds(30));
            assertThat(a.hold()).isTrue();
            assertThat(b.hold()).isFalse();
            b.close();
            try (Lease c = lease("server-c", Duration.ofSeconds(30))) {
                assertThat(c.hold()).isFalse();
                assertThat(c.holder()).isEqualTo("server-a");
            }
        }
    }

    @Test
    void holderStopsRenewing_itsLeaseLapses_andThePeerTakesIt() {
        try (Lease a = lease("server-a", Duration.ofMillis(300));
                Lease b = lease("server-b", Duration.ofMillis(300))) {
            assertThat(a.hold()).isTrue();
            assertThat(b.hold()).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(b::hold); // a never renews: its lease lapses within the TTL
            assertThat(a.hold()).isFalse();
            assertThat(a.holder()).isEqualTo("server-b");
        }
    }

    @Test
    void alone_alwaysHolds() {
        try (Lease lone = Leases.alone("only")) {
            assertThat(lone.hold()).isTrue();
            assertThat(lone.holder()).isEqualTo("only");
        }
    }
}
