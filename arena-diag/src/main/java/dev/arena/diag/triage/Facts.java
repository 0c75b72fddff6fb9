package dev.arena.diag.triage;

import dev.arena.broker.RunId;
import dev.arena.broker.redis.RedisKeys;
import dev.arena.diag.redis.StreamInfo;
import dev.arena.diag.server.ForkFrames;
import dev.arena.wire.ForkState;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.RunDetail;
import dev.arena.wire.RunSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One observation, or two a watch window apart, reduced to the {@link TriageRules} signals, plus the
 * headline and evidence a report shows.
 */
final class Facts {

    private final RunId run;
    private final Triage.Observation before;
    private final Triage.Observation after;
    private final Duration stuckAfter;
    private final String serverUrl;
    private final List<String> evidence = new ArrayList<>();

    Facts(RunId run, Triage.Observation before, Triage.Observation after, Duration stuckAfter, String serverUrl) {
        this.run = run;
        this.before = before;
        this.after = after;
        this.stuckAfter = stuckAfter;
        this.serverUrl = serverUrl;
    }

    TriageReport decide(long windowMillis) {
        RunDetail detail = after.run != null ? after.run : before.run;
        ForkTaskView fork = before.fork;
        StreamInfo redis = after.redis != null ? after.redis : before.redis;
        boolean watched = windowMillis > 0;
        long growth =
                watched && before.lastSeq() >= 0 && after.lastSeq() >= 0 ? after.lastSeq() - before.lastSeq() : -1;
        collectEvidence(detail, fork, redis, growth, windowMillis);

        Optional<Double> lastEventAge = after.idleSeconds();
        double idle = lastEventAge.orElse(fork != null ? fork.idleSeconds() : 0.0);
        boolean finished = finished(detail, redis);
        TriageRules.Signals signals = new TriageRules.Signals(
                after.serverUp || before.serverUp || redis != null,
                fork != null && fork.state() == ForkState.FAILED,
                detail != null || (redis != null && (redis.exists() || redis.open())),
                growth,
                lastEventAge.isPresent() && lastEventAge.get() <= Triage.RECENT_EVENT.toMillis() / 1000.0,
                droppedGrew(),
                finished,
                detail != null && detail.subscribers() > 0 && detail.source() != RunSource.ARCHIVE,
                redis != null && !redis.open() && redis.exists() && !redis.terminal(),
                idle,
                fork != null && fork.stuck(),
                fork != null && fork.isRunning() ? fork.liveness() : null,
                (fork != null && fork.orphaned()) || orphanReason(redis) != null);
        Verdict verdict = TriageRules.verdict(signals, stuckAfter);
        String headline =
                switch (verdict) {
                    case UNKNOWN ->
                        "no source reachable: " + (after.serverError != null ? after.serverError : "server not asked")
                                + (after.redisError != null ? "; " + after.redisError : "");
                    case ORPHANED ->
                        fork != null && fork.orphaned()
                                ? "fork task " + fork.name() + " ran on server " + fork.ownerId() + " ("
                                        + fork.ownerUrl()
                                        + "), which is gone: its lease expired and the registry no longer lists it"
                                : "run closed by a surviving server: " + orphanReason(redis);
                    case REPLAY_CRASHED ->
                        "fork task " + fork.name() + " failed at stage " + fork.stage() + ": " + fork.error();
                    case NEVER_APPEARED ->
                        "run " + run + " is unknown to " + (after.serverUp ? "the server" : "")
                                + (after.serverUp && redis != null ? " and " : "") + (redis != null ? "Redis" : "")
                                + (fork != null
                                        ? " although fork task " + fork.name() + " exists (stage " + fork.stage() + ")"
                                        : "");
                    case PROGRESSING ->
                        growth > 0
                                ? "+" + growth + " events in " + windowMillis + " ms (last seq " + after.lastSeq() + ")"
                                : "last event " + Triage.human(idle) + " ago (last seq " + after.lastSeq() + ")";
                    case OVERFLOWED ->
                        "streams_dropped grew during the window: a reader fell behind retention"
                                + (detail != null ? " (head seq now " + detail.headSeq() + ")" : "");
                    case CONSUMERS_NOT_ENDED ->
                        finished
                                ? "run is " + detail.status() + " but " + detail.subscribers()
                                        + " subscriber(s) are still attached"
                                : "sentinel gone but the stream has no terminal event (last: " + redis.lastEventKind()
                                        + " at seq " + redis.lastSeq()
                                        + "): the producer went away without closing; readers wait until the reaper";
                    case FINISHED ->
                        "run ended (" + (detail != null ? detail.status().wireName() : redis.lastEventKind()) + ")";
                    case PRODUCER_STUCK -> stuckHeadline(fork, idle);
                    case PRODUCER_SLOW ->
                        "fork " + fork.name() + " slow at stage " + fork.stage() + topFrame(fork) + ": idle "
                                + Triage.human(fork.idleSeconds()) + " (stuck after "
                                + Triage.human(stuckAfter.toSeconds())
                                + ") but its stack moves between samples, so it is working, not parked";
                    case WAITING ->
                        (watched ? "no new events in " + windowMillis + " ms, idle " : "idle ")
                                + Triage.human(idle)
                                + " (stuck after " + Triage.human(stuckAfter.toSeconds()) + ")"
                                + (fork != null ? "; fork stage " + fork.stage() + topFrame(fork) : "");
                };
        List<NextStep> steps = Steps.forVerdict(
                verdict, run, fork == null ? null : fork.name(), fork == null ? null : fork.parentRunId(), serverUrl);
        return new TriageReport(
                run.value(), verdict, headline, evidence, steps, detail, fork, redis, growth, windowMillis);
    }

    private String stuckHeadline(ForkTaskView fork, double idle) {
        if (fork != null) {
            return "fork " + fork.name() + " stuck at stage " + fork.stage() + topFrame(fork) + ", idle "
                    + Triage.human(fork.idleSeconds())
                    + (fork.stackUnchangedSeconds() != null
                            ? ", same stack for " + Triage.human(fork.stackUnchangedSeconds())
                            : "");
        }
        return "open run with no progress for " + Triage.human(idle) + " (sentinel without progress)";
    }

    /** The {@code orphaned: owner server ... gone} reason of the run's terminal event (from Redis), or null. */
    static String orphanReason(StreamInfo redis) {
        if (redis == null || !redis.terminal() || redis.lastEventJson() == null) {
            return null;
        }
        Matcher m = ORPHAN_REASON.matcher(redis.lastEventJson());
        return m.find() ? m.group(1) : null;
    }

    private static final Pattern ORPHAN_REASON =
            Pattern.compile("\"reason\"\\s*:\\s*\"(orphaned: owner server [^\"]*)\"");

    private static String topFrame(ForkTaskView fork) {
        String frame = ForkFrames.decisive(fork);
        return frame == null ? "" : " in " + frame;
    }

    private boolean droppedGrew() {
        return before.metrics != null
                && after.metrics != null
                && after.metrics.streamsDropped() > before.metrics.streamsDropped();
    }

    private static boolean finished(RunDetail detail, StreamInfo redis) {
        if (detail != null) {
            return !detail.isRunning();
        }
        return redis != null && redis.terminal() && !redis.open();
    }

    private void collectEvidence(RunDetail d, ForkTaskView fork, StreamInfo redis, long growth, long windowMillis) {
        if (!after.serverUp) {
            evidence.add("server: " + (after.serverError == null ? "not reachable" : after.serverError));
        } else if (d == null) {
            evidence.add("server: GET /runs/" + run + " → 404 (not in /runs)");
        } else {
            evidence.add("server: status " + d.status().wireName() + ", seq " + d.headSeq() + ".." + d.lastSeq() + " ("
                    + d.length()
                    + " retained), subscribers " + d.subscribers()
                    + (d.idleSeconds() != null ? ", idle " + Triage.human(d.idleSeconds()) : "")
                    + (d.persisted() ? ", persisted" : ""));
        }
        if (after.metrics != null && before.metrics != null && windowMillis > 0) {
            evidence.add("metrics over " + windowMillis + " ms: events_published +"
                    + (after.metrics.eventsPublished() - before.metrics.eventsPublished())
                    + ", streams_dropped " + after.metrics.streamsDropped() + ", runs_open " + after.metrics.runsOpen()
                    + ", fork_tasks_stuck " + after.metrics.forkTasksStuck());
        } else if (after.metrics != null) {
            evidence.add("metrics: events_published " + after.metrics.eventsPublished() + ", streams_dropped "
                    + after.metrics.streamsDropped() + ", runs_open " + after.metrics.runsOpen()
                    + ", fork_tasks_stuck " + after.metrics.forkTasksStuck());
        }
        if (windowMillis == 0) {
            evidence.add("run seq growth: not watched (--watch DURATION looks twice and counts it)");
        } else {
            evidence.add(growth < 0 ? "run seq growth: unknown" : "run seq growth in window: +" + growth);
        }
        if (fork != null) {
            evidence.add("fork task " + fork.name() + ": state " + fork.state() + ", stage " + fork.stage() + ", idle "
                    + Triage.human(fork.idleSeconds()) + (fork.stuck() ? " (STUCK)" : fork.slow() ? " (slow)" : "")
                    + (fork.stackUnchangedSeconds() != null
                            ? ", stack unchanged for " + Triage.human(fork.stackUnchangedSeconds())
                            : "")
                    + ", replayed " + fork.eventsReplayed()
                    + (fork.error() != null ? ", error: " + fork.error() : ""));
            if (ForkFrames.decisive(fork) != null) {
                evidence.add("    waiting in " + ForkFrames.decisive(fork));
            }
            ForkFrames.top(fork, 5).forEach(frame -> evidence.add("    at " + frame));
        } else if (after.serverUp) {
            evidence.add("fork task: none produces this run");
        }
        if (redis != null) {
            evidence.add("redis: sentinel "
                    + (redis.open() ? "present, TTL " + ttl(redis.sentinelTtlMillis()) : "absent")
                    + "; stream "
                    + (redis.exists()
                            ? "length " + redis.length() + ", head " + redis.firstSeq() + ", tail " + redis.lastSeq()
                            : "absent")
                    + "; last event "
                    + (redis.lastEventKind() == null
                            ? "-"
                            : redis.lastEventKind()
                                    + (redis.lastEventAgeMillis() != null
                                            ? " " + Triage.human(redis.lastEventAgeMillis() / 1000.0) + " ago"
                                            : ""))
                    + (redis.counterBehindStream()
                            ? "; WARNING seq counter " + redis.seqCounter() + " is behind the stream tail"
                            : ""));
            evidence.add("    keys: " + String.join(" ", RedisKeys.all(run)));
        } else if (after.redisError != null) {
            evidence.add("redis: " + after.redisError);
        }
    }

    private static String ttl(Long ms) {
        if (ms == null) {
            return "-";
        }
        return ms < 0 ? "none (no expiry!)" : Triage.human(ms / 1000.0);
    }
}
