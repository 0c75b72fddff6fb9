package dev.arena.diag.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.diag.DiagException;
import dev.arena.error.Fault;
import dev.arena.ownership.ForkLease;
import dev.arena.ownership.ObservedLease;
import dev.arena.wire.ForkState;
import dev.arena.wire.ForkTaskView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When {@code arena diag cancel} may go ahead, and which task it means. */
class CancelRulesTest {

    static final String CHILD = "3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d";

    static ForkTaskView task(String name, String child, ForkState state, boolean stuck, double idle) {
        return new ForkTaskView(
                name,
                "11111111-1111-4111-8111-111111111111",
                child,
                state,
                "continuing",
                Instant.EPOCH,
                Instant.EPOCH,
                idle,
                stuck,
                3,
                4,
                List.of(),
                null);
    }

    @Test
    void resolve_byChildRunId_prefersTheRunningTask_byName_andRejectsGarbage() {
        ForkTaskView ended = task("fork-old", CHILD, ForkState.FAILED, false, 0);
        ForkTaskView running = task("fork-3f2b8c1e", CHILD, ForkState.RUNNING, true, 90);
        assertThat(CancelRules.resolve(CHILD, List.of(ended, running))).isSameAs(running);
        assertThat(CancelRules.resolve("fork-old", List.of(ended, running))).isSameAs(ended);
        assertThatThrownBy(() -> CancelRules.resolve("fork-nope", List.of(running)))
                .isInstanceOf(DiagException.class)
                .hasMessageContaining("unknown fork task fork-nope")
                .satisfies(e -> assertThat(((DiagException) e).fault()).isEqualTo(Fault.NOT_FOUND));
        assertThatThrownBy(() -> CancelRules.resolve("22222222-2222-4222-8222-222222222222", List.of(running)))
                .hasMessageContaining("no fork task produces run");
        assertThatThrownBy(() -> CancelRules.resolve("a b", List.of()))
                .satisfies(e -> assertThat(((DiagException) e).fault()).isEqualTo(Fault.INPUT));
    }

    @Test
    void blocker_endedFirst_thenToken_thenNotStuckWithoutForce() {
        assertThat(CancelRules.blocker(task("f", CHILD, ForkState.DONE, false, 0), true, true))
                .contains("already ended (done)");
        assertThat(CancelRules.blocker(task("f", CHILD, ForkState.RUNNING, true, 90), false, true))
                .contains("ARENA_ADMIN_TOKEN");
        assertThat(CancelRules.blocker(task("f", CHILD, ForkState.RUNNING, false, 5), true, false))
                .contains("not stuck")
                .contains("progressed 5s ago")
                .contains("--force")
                .contains("arena diag triage " + CHILD);
        assertThat(CancelRules.blocker(task("f", CHILD, ForkState.RUNNING, false, 5), true, true))
                .isNull();
        assertThat(CancelRules.blocker(task("f", CHILD, ForkState.RUNNING, true, 90), true, false))
                .isNull();
    }

    /** A task another server runs, as listed from its lease (orphaned: that server is gone). */
    private static ForkTaskView remoteTask(boolean orphaned) {
        ForkLease lease = new ForkLease(
                "fork-r",
                CHILD,
                "11111111-1111-4111-8111-111111111111",
                4,
                "a1b2c3d4e5f6",
                "http://10.0.0.2:8000",
                Instant.EPOCH);
        return new ObservedLease(lease, 0, 10_000).view(orphaned);
    }

    @Test
    void anotherServersTask_needsForceOrItsOwner_andAnOrphanHasNothingToCancel() {
        ForkTaskView remote = remoteTask(false);
        assertThat(CancelRules.blocker(remote, true, false))
                .contains(
                        "runs on server a1b2c3d4e5f6 (http://10.0.0.2:8000)",
                        "--server http://10.0.0.2:8000",
                        "--force");
        assertThat(CancelRules.blocker(remote, true, true))
                .as("forced: forwarded to the owner")
                .isNull();
        ForkTaskView orphan = remoteTask(true);
        assertThat(CancelRules.blocker(orphan, true, true)).contains("which is gone", "run.error within 30 s");
    }
}
