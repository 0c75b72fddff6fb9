package dev.arena.diag.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.RunId;
import dev.arena.broker.redis.RedisKeys;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Verdict → the runbook's next steps, for every verdict. */
class StepsTest {

    private static final RunId RUN = RunId.parse("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d");
    private static final String PARENT = "11111111-2222-4333-8444-555555555555";
    private static final String SERVER = "http://127.0.0.1:8000";

    private static List<NextStep> steps(Verdict v, String fork) {
        return Steps.forVerdict(v, RUN, fork, fork == null ? null : PARENT, SERVER);
    }

    private static List<String> commands(List<NextStep> steps) {
        return steps.stream().map(s -> s.command() + " | " + s.raw()).toList();
    }

    @ParameterizedTest
    @EnumSource(Verdict.class)
    void everyVerdict_hasAtLeastOneStep_eachWithARawCommand_andNoSecretInIt(Verdict v) {
        List<NextStep> steps = steps(v, "fork-7");
        assertThat(steps).isNotEmpty();
        assertThat(steps).allSatisfy(s -> {
            assertThat(s.action()).isNotBlank();
            assertThat(s.raw()).isNotBlank();
        });
        assertThat(commands(steps)).noneMatch(c -> c.contains("Bearer ey") || c.contains("redis://:"));
    }

    @Test
    void progressingAndFinished_sayNothingToDo() {
        assertThat(steps(Verdict.PROGRESSING, null)).singleElement().satisfies(s -> assertThat(s.action())
                .startsWith("Nothing to do"));
        assertThat(steps(Verdict.FINISHED, null)).singleElement().satisfies(s -> assertThat(s.action())
                .startsWith("Nothing to do"));
    }

    @Test
    void orphaned_waitsForTheSurvivor_thenChecksServers_thenReaps_thenForksAgain() {
        List<NextStep> s = steps(Verdict.ORPHANED, "fork-7");
        assertThat(s)
                .extracting(NextStep::command)
                .containsExactly("arena diag triage " + RUN, "arena diag servers", "arena diag reap " + RUN, null);
        assertThat(s.get(0).action()).contains("within 30 s", "run.error");
        assertThat(s.get(3).raw()).contains("\"parent_run_id\":\"" + PARENT + "\"");
        assertThat(steps(Verdict.ORPHANED, null)).hasSize(3).noneMatch(x -> x.raw()
                .contains("--force"));
    }

    @Test
    void waiting_triagesAgainFirst_thenLooksAtTheStack() {
        assertThat(steps(Verdict.WAITING, null))
                .extracting(NextStep::command)
                .containsExactly("arena diag triage " + RUN, "arena diag forks");
    }

    @Test
    void producerStuck_cancelsTheForkFirst_whenThereIsOne_thenRestart_thenReap_thenForceAsLastResort() {
        List<NextStep> withFork = steps(Verdict.PRODUCER_STUCK, "fork-7");
        assertThat(withFork).hasSize(4);
        assertThat(withFork.get(0).command()).isEqualTo("arena diag cancel " + RUN);
        assertThat(withFork.get(0).raw())
                .contains(SERVER + "/admin/forks/fork-7/cancel")
                .contains("$ARENA_ADMIN_TOKEN");
        assertThat(withFork.get(1).raw()).contains("kill -TERM");
        assertThat(withFork.get(2).command()).isEqualTo("arena diag reap " + RUN);
        assertThat(withFork.get(3).command()).isEqualTo("arena diag reap " + RUN + " --force");
        assertThat(withFork.get(3).raw()).contains("DEL " + String.join(" ", RedisKeys.all(RUN)));

        assertThat(steps(Verdict.PRODUCER_STUCK, null)).hasSize(3).noneMatch(s -> s.raw()
                .contains("/admin/forks/"));
    }

    @Test
    void replayCrashed_readsTheError_reaps_andForksTheParentAgain() {
        List<NextStep> s = steps(Verdict.REPLAY_CRASHED, "fork-7");
        assertThat(s).hasSize(3);
        assertThat(s.get(2).raw())
                .contains("\"parent_run_id\":\"" + PARENT + "\"")
                .contains(SERVER + "/forks");
        assertThat(steps(Verdict.REPLAY_CRASHED, null)).hasSize(2);
    }

    @Test
    void consumersNotEnded_inspectsTheStream_reaps_thenForceAsLastResort() {
        assertThat(steps(Verdict.CONSUMERS_NOT_ENDED, null))
                .extracting(NextStep::command)
                .containsExactly(
                        "arena diag stream " + RUN, "arena diag reap " + RUN, "arena diag reap " + RUN + " --force");
    }

    @Test
    void neverAppeared_checksTheBackendMatchFirst() {
        assertThat(steps(Verdict.NEVER_APPEARED, null))
                .extracting(NextStep::command)
                .containsExactly("arena diag backend", "arena diag forks");
    }

    @Test
    void overflowed_checksDroppedReaders_thenRetention() {
        assertThat(steps(Verdict.OVERFLOWED, null))
                .extracting(NextStep::command)
                .containsExactly("arena diag metrics", "arena diag doctor");
    }

    @Test
    void unknown_checksTheServerThenRedis() {
        assertThat(steps(Verdict.UNKNOWN, null))
                .extracting(NextStep::command)
                .containsExactly("arena diag doctor", "arena diag sentinels");
    }

    @Test
    void onlyStuckAndNotEnded_offerTheForcedDelete() {
        for (Verdict v : Verdict.values()) {
            boolean force = steps(v, "fork-7").stream().anyMatch(s -> (RUN + " --force")
                    .equals(s.command() == null ? null : s.command().replace("arena diag reap ", "")));
            assertThat(force).as(v.name()).isEqualTo(v == Verdict.PRODUCER_STUCK || v == Verdict.CONSUMERS_NOT_ENDED);
        }
    }
}
