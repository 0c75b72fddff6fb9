package dev.arena.broker;

/**
 * A reader asked for, or fell behind to, events that retention already dropped. The broker never
 * skips silently: the reader learns the oldest seq still retained and may resume there.
 */
public class BrokerOverflowException extends BrokerException {

    private final RunId run;
    private final long requested;
    private final long availableFrom;

    public BrokerOverflowException(RunId run, long requested, long availableFrom) {
        super("run " + run + ": seq " + requested + " is no longer retained; the oldest retained seq is "
                + availableFrom + " (resume from there)");
        this.run = run;
        this.requested = requested;
        this.availableFrom = availableFrom;
    }

    public RunId run() {
        return run;
    }

    /** The seq the reader needed next. */
    public long requested() {
        return requested;
    }

    /** The oldest seq still retained. */
    public long availableFrom() {
        return availableFrom;
    }
}
