package dev.arena.broker;

/** The broker holds nothing for this run: never opened here, or already dropped. */
public class UnknownRunException extends BrokerException {

    private final RunId run;

    public UnknownRunException(RunId run) {
        super("unknown run " + run + ": the broker has no such run (never opened on this backend, or already dropped)");
        this.run = run;
    }

    public RunId run() {
        return run;
    }
}
