package dev.arena.broker;

/**
 * A reader asked for, or fell behind to, events the broker no longer has. The broker never skips
 * silently. {@link Reason#TRIMMED}: retention dropped them, and the reader learns the oldest seq
 * still retained and may resume there. {@link Reason#LOST}: the run's events vanished from the
 * backend while it was open (on Redis: a restart without persistence, FLUSHALL, eviction), so the
 * seq will never exist and there is nothing to resume from.
 */
public class BrokerOverflowException extends BrokerException {

    /** Why the seq cannot be served. */
    public enum Reason {
        TRIMMED("trimmed"),
        LOST("lost");

        private final String wireName;

        Reason(String wireName) {
            this.wireName = wireName;
        }

        /** The {@code reason} of the SSE overflow frame. */
        public String wireName() {
            return wireName;
        }
    }

    private final RunId run;
    private final long requested;
    private final long availableFrom;
    private final Reason reason;

    /** Retention trimmed {@code requested}; {@code availableFrom} is the oldest seq still retained. */
    public BrokerOverflowException(RunId run, long requested, long availableFrom) {
        super("run " + run + ": seq " + requested + " is no longer retained; the oldest retained seq is "
                + availableFrom + " (resume from there)");
        this.run = run;
        this.requested = requested;
        this.availableFrom = availableFrom;
        this.reason = Reason.TRIMMED;
    }

    private BrokerOverflowException(RunId run, long requested) {
        super("run " + run + " was lost: its events vanished from the backend while it was open (Redis restarted"
                + " without persistence, was flushed, or evicted its keys), so seq " + requested + " will never exist;"
                + " see runbooks/redis-operations.md, \"Lost runs\"");
        this.run = run;
        this.requested = requested;
        this.availableFrom = 0;
        this.reason = Reason.LOST;
    }

    /** The run's events vanished while it was open; {@code requested} will never exist. */
    public static BrokerOverflowException lost(RunId run, long requested) {
        return new BrokerOverflowException(run, requested);
    }

    public RunId run() {
        return run;
    }

    /** The seq the reader needed next. */
    public long requested() {
        return requested;
    }

    /** The oldest seq still retained; 0 when {@link #reason()} is {@link Reason#LOST}. */
    public long availableFrom() {
        return availableFrom;
    }

    public Reason reason() {
        return reason;
    }

    public boolean isLost() {
        return reason == Reason.LOST;
    }
}
