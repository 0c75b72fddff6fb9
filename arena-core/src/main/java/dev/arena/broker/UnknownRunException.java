package dev.arena.broker;

import dev.arena.error.Fault;

/** The broker holds nothing for this run: never opened here, or already dropped ({@link Fault#NOT_FOUND}). */
public class UnknownRunException extends BrokerException {

    private final RunId run;

    public UnknownRunException(RunId run) {
        super(
                Fault.NOT_FOUND,
                "unknown run " + run
                        + ": the broker has no such run (never opened on this backend, or already dropped)");
        this.run = run;
    }

    public RunId run() {
        return run;
    }
}
