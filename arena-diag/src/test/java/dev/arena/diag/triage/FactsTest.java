package dev.arena.diag.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.RunId;
import dev.arena.diag.redis.StreamInfo;
import dev.arena.ownership.ForkLease;
import dev.arena.ownership.ObservedLease;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Two observations → verdict, headline and steps, from Redis alone (the server down): how the
 * facts are reduced to the {@link TriageRules} signals.
 */
class FactsTest {

    private static final RunId RUN = RunId.parse("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d");
    private static final Duration STUCK_AFTER = Duration.ofSeconds(60);

    private static StreamInfo stream(long lastSeq, Long sentinelTtl, String lastKind, Long ageMillis) {
        return new StreamInfo(
                RUN.value(), true, lastSeq, 1, lastSeq, lastSeq, sentinelTtl, lastKind, null, null, ageMillis);
    }

    private static Triage.Observation redisOnly(StreamInfo redis) {
        Triage.Observation o = new Triage.Observation();
        o.serverError = "the server http://127.0.0.1:1 is unreachable";
        o.redis = redis;
        return o;
    }

    private static TriageReport decide(StreamInfo before, StreamInfo after) {
        return new Facts(RUN, redisOnly(before), redisOnly(after), STUCK_AFTER, "http://127.0.0.1:1").decide(1500);
    }

    @Test
    void growthBetweenTheLooks_isProgressing() {
        TriageReport r = decide(stream(10, 30_000L, "agent.signal", 100L), stream(13, 30_000L, "agent.signal", 50L));
        assertThat(r.verdict()).isEqualTo(Verdict.PROGRESSING);
        assertThat(r.headline()).isEqualTo("+3 events in 1500 ms (last seq 13)");
        assertThat(r.seqGrowth()).isEqualTo(3);
    }

    @Test
    void oneLook_lastEventMomentsAgo_isProgressing_withoutWatching() {
        StreamInfo live = stream(13, 30_000L, "agent.signal", 400L);
        Triage.Observation look = redisOnly(live);
        TriageReport r = new Facts(RUN, look, look, STUCK_AFTER, "http://127.0.0.1:1").decide(0);
        assertThat(r.verdict()).isEqualTo(Verdict.PROGRESSING);
        assertThat(r.headline()).startsWith("last event ").endsWith(" ago (last seq 13)");
        assertThat(r.seqGrowth()).as("not watched").isEqualTo(-1);
        assertThat(r.evidence()).contains("run seq growth: not watched (--watch DURATION looks twice and counts it)");
    }

    @Test
    void oneLook_idleUnderTheThreshold_isWaiting_withoutClaimingAWindow() {
        Triage.Observation look = redisOnly(stream(10, 30_000L, "agent.signal", 5_000L));
        TriageReport r = new Facts(RUN, look, look, STUCK_AFTER, "http://127.0.0.1:1").decide(0);
        assertThat(r.verdict()).isEqualTo(Verdict.WAITING);
        assertThat(r.headline()).startsWith("idle ").doesNotContain("ms");
    }

    @Test
    void openRunIdlePastTheThreshold_isProducerStuck() {
        StreamInfo idle = stream(10, 30_000L, "agent.signal", 120_000L);
        TriageReport r = decide(idle, idle);
        assertThat(r.verdict()).isEqualTo(Verdict.PRODUCER_STUCK);
        assertThat(r.headline()).startsWith("open run with no progress for");
        assertThat(r.nextSteps()).extracting(NextStep::command).contains("arena diag reap " + RUN + " --force");
    }

    @Test
    void openRunIdleUnderTheThreshold_isWaiting() {
        StreamInfo idle = stream(10, 30_000L, "agent.signal", 5_000L);
        assertThat(decide(idle, idle).verdict()).isEqualTo(Verdict.WAITING);
    }

    @Test
    void sentinelGoneWithoutTerminalEvent_isConsumersNotEnded() {
        StreamInfo orphan = stream(10, null, "agent.signal", 600_000L);
        TriageReport r = decide(orphan, orphan);
        assertThat(r.verdict()).isEqualTo(Verdict.CONSUMERS_NOT_ENDED);
        assertThat(r.headline())
                .startsWith("sentinel gone but the stream has no terminal event (last: agent.signal at seq 10)");
    }

    @Test
    void terminalEventAndNoSentinel_isFinished() {
        StreamInfo done = stream(10, null, "run.complete", 600_000L);
        TriageReport r = decide(done, done);
        assertThat(r.verdict()).isEqualTo(Verdict.FINISHED);
        assertThat(r.headline()).isEqualTo("run ended (run.complete)");
    }

    @Test
    void nothingInRedis_neverAppeared() {
        StreamInfo none = new StreamInfo(RUN.value(), false, 0, 0, 0, null, null, null, null, null, null);
        TriageReport r = decide(none, none);
        assertThat(r.verdict()).isEqualTo(Verdict.NEVER_APPEARED);
        assertThat(r.headline()).isEqualTo("run " + RUN + " is unknown to Redis");
    }

    @Test
    void noSourceAtAll_isUnknown_withTheServerError() {
        TriageReport r = decide(null, null);
        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.headline()).isEqualTo("no source reachable: the server http://127.0.0.1:1 is unreachable");
    }

    @Test
    void runClosedAsOrphanedBySurvivor_isOrphaned_withTheReasonInTheHeadline() {
        String reason = "orphaned: owner server a1b2c3d4e5f6 (http://127.0.0.1:8080) gone";
        StreamInfo closed = new StreamInfo(
                RUN.value(),
                true,
                9,
                1,
                9,
                9L,
                null,
                "run.error",
                "{\"seq\":9,\"kind\":\"run.error\",\"data\":{\"reason\":\"" + reason
                        + "\",\"fork\":\"fork-3f2b8c1e\"}}",
                null,
                200L);
        TriageReport r = decide(closed, closed);
        assertThat(r.verdict()).isEqualTo(Verdict.ORPHANED);
        assertThat(r.headline()).isEqualTo("run closed by a surviving server: " + reason);
        assertThat(Facts.orphanReason(stream(9, null, "run.error", 200L)))
                .as("no reason, not orphaned")
                .isNull();
    }

    @Test
    void forkLeaseOfAGoneOwner_isOrphaned_namingTheOwner() {
        Triage.Observation o = new Triage.Observation();
        o.serverUp = true;
        o.redis = stream(9, 1_000L, "agent.signal", 9_000L);
        ForkLease lease = new ForkLease(
                "fork-3f2b8c1e",
                RUN.value(),
                "11111111-2222-4333-8444-555555555555",
                3,
                "a1b2c3d4e5f6",
                "http://127.0.0.1:8080",
                Instant.parse("2026-11-30T00:00:00Z"));
        o.fork = new ObservedLease(lease, 20_000, 10_000).view(true);
        TriageReport r = new Facts(RUN, o, o, STUCK_AFTER, "http://127.0.0.1:8000").decide(1500);
        assertThat(r.verdict()).isEqualTo(Verdict.ORPHANED);
        assertThat(r.headline()).contains("server a1b2c3d4e5f6 (http://127.0.0.1:8080), which is gone");
        assertThat(r.nextSteps().get(0).action()).contains("within 30 s");
    }
}
