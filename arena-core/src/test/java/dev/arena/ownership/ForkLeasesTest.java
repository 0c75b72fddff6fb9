package dev.arena.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.RunId;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.coordination.Claims;
import dev.arena.coordination.Expiry;
import dev.arena.registry.ServerAnnouncement;
import dev.arena.registry.ServerRegistries;
import dev.arena.testkit.MutableClock;
import dev.arena.time.ManualTicker;
import dev.arena.wire.ForkState;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.RunStatus;
import dev.arena.wire.WireJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server's fork leases on in-process claims, time moved by hand: renewal holds exactly the running
 * tasks' leases, and an orphan (expired, owner unregistered) is closed once.
 */
class ForkLeasesTest {

    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Duration NEVER =
            Duration.ofHours(1); // the schedules never fire: the tests call renew and closeOrphans
    private static final String SELF = "aaaaaaaaaaaa";
    private static final String PEER = "bbbbbbbbbbbb";

    private final ManualTicker ticker = new ManualTicker();
    private final Claims claims = Claims.inProcess(ticker, Expiry.KEEP);
    private final InProcessEventBroker broker =
            new InProcessEventBroker(BrokerSettings.DEFAULTS, MutableClock.startingNow());
    private final List<ForkTaskView> tasks = new CopyOnWriteArrayList<>();
    private final List<String> closedOrphans = new ArrayList<>();
    private final ForkLeases leases = new ForkLeases(
            claims,
            ServerRegistries.local(new ServerAnnouncement(SELF, "http://127.0.0.1:1", "1.0", Instant.EPOCH, "h:1")),
            () -> tasks,
            broker,
            new ForkLeases.Timing(NEVER, TTL, NEVER),
            (lease, reason) -> closedOrphans.add(lease.childRunId() + ": " + reason));

    @AfterEach
    void close() {
        leases.close();
        broker.close();
    }

    private static ForkTaskView running(String child) {
        return new ForkTaskView(
                "fork-" + child.substring(0, 8),
                "9f8e7d6c-0000-4000-8000-000000000002",
                child,
                ForkState.RUNNING,
                "continuing",
                Instant.parse("2026-11-30T00:00:00Z"),
                null,
                0,
                false,
                null,
                null,
                0,
                3,
                List.of(),
                null);
    }

    private static ForkLease peerLease(String child) {
        return new ForkLease(
                "fork-" + child.substring(0, 8),
                child,
                "9f8e7d6c-0000-4000-8000-000000000002",
                3,
                PEER,
                "http://127.0.0.1:2",
                Instant.parse("2026-11-30T00:00:00Z"));
    }

    private List<String> leasedChildren() {
        return leases.leases().stream().map(l -> l.lease().childRunId()).toList();
    }

    @Test
    void renewal_holdsTheRunningTasksLeases_releasesEndedOnes_neverAnotherOwners() {
        String a1 = "1a000000-0000-4000-8000-000000000001";
        String a2 = "1a000000-0000-4000-8000-000000000002";
        String b1 = "1b000000-0000-4000-8000-000000000001";
        claims.claim(b1, PEER, WireJson.write(peerLease(b1)), TTL);
        tasks.addAll(List.of(running(a1), running(a2)));

        leases.renew();
        assertThat(leasedChildren()).containsExactlyInAnyOrder(a1, a2, b1);
        assertThat(leases.byName("fork-1a000000"))
                .hasValueSatisfying(l -> assertThat(l.lease().ownerId()).isEqualTo(SELF));

        tasks.remove(0); // a1 ended
        ticker.advance(TTL.minusSeconds(1));
        leases.renew();
        ticker.advance(Duration.ofSeconds(2));
        assertThat(leasedChildren()).containsExactlyInAnyOrder(a2, b1);
        assertThat(leases.byName("fork-1a000000").orElseThrow().expired())
                .as("renewed a second ago")
                .isFalse();

        leases.close(); // orderly shutdown
        assertThat(leasedChildren()).containsExactly(b1);
    }

    @Test
    void orphan_expiredAndOwnerUnregistered_isClosedAsRunErrorOnce() throws Exception {
        RunId child = RunId.random();
        broker.openRun(child, Map.of()).get(5, TimeUnit.SECONDS);
        claims.claim(child.value(), PEER, WireJson.write(peerLease(child.value())), TTL);
        assertThat(leases.closeOrphans())
                .as("fresh: its owner may still renew it")
                .isZero();

        ticker.advance(TTL.plusMillis(1));

        assertThat(leases.closeOrphans()).isEqualTo(1);
        assertThat(broker.run(child).orElseThrow().status()).isEqualTo(RunStatus.ERROR);
        assertThat(closedOrphans)
                .containsExactly(child.value() + ": orphaned: owner server " + PEER + " (http://127.0.0.1:2) gone");
        assertThat(leases.leases()).isEmpty();
        assertThat(leases.closeOrphans()).as("nothing left to close").isZero();
    }
}
