package dev.arena.broker;

import dev.arena.error.ArenaException;
import dev.arena.reply.BoundedReplies;
import dev.arena.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops runs that stopped making progress: a run open with no event for longer than the grace
 * gets {@code run.reaped}, is handed to the {@link PersistHook} with everything still retained,
 * and only then dropped — so nothing a reader could still get is lost without first being
 * persisted. If persisting fails the run is kept (closed, readable) and the failure reported.
 * Time comes from the injected clock, so tests need no sleeping.
 */
public final class Reaper {

    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);
    private static final BoundedReplies CLOSE_CONFIRMATION =
            new BoundedReplies("the broker", Duration.ofSeconds(30), Ticker.system());

    /** Persists a reaped run before its events are dropped; may throw to veto the drop. */
    @FunctionalInterface
    public interface PersistHook {
        void persist(RunInfo run, List<Envelope> retained) throws Exception;

        PersistHook NONE = (run, retained) -> {};
    }

    private final EventBroker broker;
    private final Clock clock;
    private final Duration grace;
    private final PersistHook hook;

    public Reaper(EventBroker broker, Clock clock, Duration grace, PersistHook hook) {
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("reaper grace must be positive, got " + grace);
        }
        this.broker = broker;
        this.clock = clock;
        this.grace = grace;
        this.hook = hook;
    }

    /** Reaps every open run idle past the grace; returns the runs reaped. */
    public List<RunId> reapIdle() {
        Instant cutoff = clock.instant().minus(grace);
        List<RunId> reaped = new ArrayList<>();
        for (RunInfo run : broker.runs()) {
            Instant last = run.lastEventAt() != null ? run.lastEventAt() : run.startedAt();
            if (run.isOpen() && last != null && last.isBefore(cutoff)) {
                Duration idle = Duration.between(last, clock.instant());
                if (reap(run.runId(), "no progress for " + idle.toSeconds() + "s (grace " + grace.toSeconds() + "s)")) {
                    reaped.add(run.runId());
                }
            }
        }
        return reaped;
    }

    /** What {@link #reapRun} did. */
    public enum Outcome {
        /** This call published {@code run.reaped} (or found the run already closed), persisted and dropped it. */
        REAPED,
        /** The broker does not hold the run. */
        UNKNOWN,
        /** Someone else (another server's reaper, an operator, the producer) closed the run first: its terminal event is the only one. */
        CLOSED_BY_ANOTHER,
        /** Not reaped: publishing failed, or persisting failed and the run is closed but kept. */
        FAILED
    }

    /**
     * Reaps one run now: terminal event, persist, drop.
     *
     * @return true if the run was reaped and dropped; false if it was unknown, already closed by
     *         someone else, or persisting failed (then it is closed but kept)
     */
    public boolean reap(RunId runId, String reason) {
        return reapRun(runId, reason) == Outcome.REAPED;
    }

    /**
     * Reaps one run now, saying why not when it did not. Two reapers racing on one run (two servers)
     * publish one {@code run.reaped}: the broker refuses to close a closed run, and the loser gets
     * {@link Outcome#CLOSED_BY_ANOTHER}.
     */
    public Outcome reapRun(RunId runId, String reason) {
        var before = broker.run(runId);
        if (before.isEmpty()) {
            return Outcome.UNKNOWN;
        }
        if (before.get().isOpen()) {
            try {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("reason", reason);
                payload.put("reaped_at", Envelope.formatTs(clock.instant()));
                CLOSE_CONFIRMATION.await("run.reaped for " + runId, broker.closeRun(runId, RunOutcome.REAPED, payload));
            } catch (RunClosedException e) {
                LOG.info(
                        "run {} was closed by someone else first (another reaper or its producer); not reaped here",
                        runId);
                return Outcome.CLOSED_BY_ANOTHER;
            } catch (ArenaException e) {
                // the broker is unavailable, did not confirm in time, or this thread was interrupted (flag kept)
                LOG.warn("could not publish run.reaped for {}: {}", runId, e.getMessage());
                return Outcome.FAILED;
            }
        }
        broker.flush(Duration.ofSeconds(30));
        RunInfo info = broker.run(runId).orElse(before.get());
        List<Envelope> retained =
                info.length() == 0 ? List.of() : broker.read(runId, Math.max(1, info.headSeq()), Integer.MAX_VALUE);
        try {
            hook.persist(info, retained);
        } catch (Exception e) {
            LOG.error("reaped run {} was NOT dropped because persisting it failed: {}", runId, e.toString(), e);
            return Outcome.FAILED;
        }
        broker.drop(runId);
        LOG.info("reaped run {} ({} events persisted): {}", runId, retained.size(), reason);
        return Outcome.REAPED;
    }
}
