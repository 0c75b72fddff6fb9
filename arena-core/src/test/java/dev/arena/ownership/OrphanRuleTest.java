package dev.arena.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.coordination.Claim;
import dev.arena.wire.ForkState;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.WireJson;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrphanRuleTest {

    private static final ForkLease LEASE = new ForkLease(
            "fork-1a2b3c4d",
            "1a2b3c4d-0000-4000-8000-000000000001",
            "9f8e7d6c-0000-4000-8000-000000000002",
            3,
            "a1b2c3d4e5f6",
            "http://127.0.0.1:8080",
            Instant.parse("2026-11-30T00:00:00Z"));

    @Test
    void expiredLease_ofAServerTheRegistryNoLongerLists_isOrphaned() {
        assertThat(OrphanRule.orphaned(new ObservedLease(LEASE, 10_001, 10_000), Set.of("other")))
                .isTrue();
        assertThat(OrphanRule.orphaned(new ObservedLease(LEASE, 10_001, 10_000), Set.of()))
                .isTrue();
    }

    @Test
    void expiredLease_ofAServerStillListed_isNotOrphaned() {
        // a live server that missed renewals (Redis hiccup) still owns its task
        assertThat(OrphanRule.orphaned(new ObservedLease(LEASE, 60_000, 10_000), Set.of("a1b2c3d4e5f6")))
                .isFalse();
    }

    @Test
    void freshLease_ofAServerAlreadyUnlisted_isNotOrphaned() {
        // an orderly shutdown leaves the registry first and keeps renewing until its tasks are cancelled
        assertThat(OrphanRule.orphaned(new ObservedLease(LEASE, 500, 10_000), Set.of()))
                .isFalse();
        assertThat(OrphanRule.orphaned(new ObservedLease(LEASE, 10_000, 10_000), Set.of()))
                .as("exactly at the TTL")
                .isFalse();
    }

    @Test
    void reason_namesTheGoneServerAndItsUrl() {
        assertThat(LEASE.orphanReason()).isEqualTo("orphaned: owner server a1b2c3d4e5f6 (http://127.0.0.1:8080) gone");
    }

    @Test
    void leaseClaims_parseBackWithAgeByTheRedisClock_andForeignOrCorruptOnesAreSkipped() {
        String json = WireJson.write(LEASE);
        List<ObservedLease> leases = List.of(
                        new Claim(LEASE.childRunId(), "a1b2c3d4e5f6", json, 5_000, 10_000),
                        new Claim(
                                "other-child",
                                "a1b2c3d4e5f6",
                                json,
                                5_000,
                                10_000), // name does not match the lease's child
                        new Claim("x", "a1b2c3d4e5f6", "garbage", 0, 10_000),
                        new Claim("y", "someone-else", json, 0, 10_000)) // holder disagrees with the JSON
                .stream()
                .map(ObservedLease::of)
                .filter(Objects::nonNull)
                .toList();
        assertThat(leases).containsExactly(new ObservedLease(LEASE, 5_000, 10_000));
        assertThat(leases.get(0).expired()).isFalse();
    }

    @Test
    void leaseView_namesTheOwner_withoutStack() {
        ForkTaskView view = new ObservedLease(LEASE, 11_000, 10_000).view(true);
        assertThat(view.state()).isEqualTo(ForkState.RUNNING);
        assertThat(view.stage()).isEqualTo("remote");
        assertThat(view.ownerId()).isEqualTo("a1b2c3d4e5f6");
        assertThat(view.ownerUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(view.orphaned()).isTrue();
        assertThat(view.stack()).isEmpty();
        assertThat(WireJson.read(WireJson.write(view), ForkTaskView.class)).isEqualTo(view);
    }
}
