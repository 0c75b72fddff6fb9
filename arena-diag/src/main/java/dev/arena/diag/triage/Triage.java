package dev.arena.diag.triage;

import dev.arena.broker.RunId;
import dev.arena.config.Durations;
import dev.arena.diag.DiagException;
import dev.arena.diag.redis.RedisUnavailableException;
import dev.arena.diag.redis.StreamInfo;
import dev.arena.diag.source.DiagSources;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.RunDetail;
import dev.arena.wire.ServerMetrics;
import java.time.Duration;
import java.util.Optional;

/**
 * Automates the stuck-fork runbook for one run: reads run status, metrics and the fork task from
 * the server and the sentinel/stream from Redis (when on Redis), then decides a {@link Verdict} and
 * the next steps. By default it decides from one look at what the server already knows (the run's
 * last-event age, the fork task's liveness judged from its stack samples), so an engineer who runs it
 * again and again waits only for the requests; a watch window, when asked for, looks twice and counts
 * the growth in between. Works with the server down when Redis is the backend.
 */
public final class Triage {

    /** No watch window: decide from one look. */
    public static final Duration ONE_LOOK = Duration.ZERO;

    /**
     * A running run whose last event is at most this old counts as progressing in one look: the same
     * judgement as the growth the earlier 1.5 s watch window looked for.
     */
    static final Duration RECENT_EVENT = Duration.ofMillis(1500);

    private final DiagSources sources;
    private final Duration window;
    private final Duration stuckAfter;

    /**
     * Triage that waits out its window on the sources' ticker ({@link DiagSources#ticker()}), so a
     * test with a hand-moved ticker spends no time.
     *
     * @param window     how long to watch for growth between two looks; {@link #ONE_LOOK} decides from one
     * @param stuckAfter idle time after which a live producer counts as stuck (ARENA_FORK_STUCK_AFTER)
     */
    public Triage(DiagSources sources, Duration window, Duration stuckAfter) {
        this.sources = sources;
        this.window = window;
        this.stuckAfter = stuckAfter;
    }

    /** Triage {@code run}; never throws for an unreachable source (that becomes evidence). */
    public TriageReport triage(RunId run) {
        Observation before = observe(run, true);
        if (window.isZero()) {
            return new Facts(run, before, before, stuckAfter, sources.context().serverUrl()).decide(0);
        }
        sources.ticker().pause(window);
        Observation after = observe(run, false);
        return new Facts(run, before, after, stuckAfter, sources.context().serverUrl()).decide(window.toMillis());
    }

    private Observation observe(RunId run, boolean withForks) {
        Observation o = new Observation();
        try {
            o.metrics = sources.server().metrics();
            o.serverUp = true;
            o.run = sources.server().run(run).orElse(null);
            o.runKnownToServer = o.run != null;
            if (withForks) {
                o.fork = sources.server().forks().stream()
                        .filter(t -> run.value().equals(t.childRunId()))
                        .findFirst()
                        .orElse(null);
            }
        } catch (DiagException | RedisUnavailableException e) {
            o.serverError = e.getMessage();
        }
        if (sources.redisSelected()) {
            try {
                o.redis = sources.redis().streamInfo(run);
            } catch (DiagException | RedisUnavailableException e) {
                o.redisError = e.getMessage();
            }
        }
        return o;
    }

    /** What one look at the sources returned. */
    static final class Observation {
        boolean serverUp;
        boolean runKnownToServer;
        String serverError;
        String redisError;
        ServerMetrics metrics;
        RunDetail run;
        ForkTaskView fork;
        StreamInfo redis;

        long lastSeq() {
            if (run != null) {
                return run.lastSeq();
            }
            return redis != null ? redis.lastSeq() : -1;
        }

        Optional<Double> idleSeconds() {
            if (run != null && run.idleSeconds() != null) {
                return Optional.of(run.idleSeconds());
            }
            if (redis != null && redis.lastEventAgeMillis() != null) {
                return Optional.of(redis.lastEventAgeMillis() / 1000.0);
            }
            return Optional.empty();
        }
    }

    static String human(double seconds) {
        return Durations.humanize(Duration.ofMillis((long) (seconds * 1000)));
    }
}
