package dev.arena.broker;

import dev.arena.error.Fault;

/** A publish to a run whose terminal event was already written: the producer's fault ({@link Fault#INPUT}). */
public class RunClosedException extends BrokerException {

    public RunClosedException(RunId run) {
        super(Fault.INPUT, "run " + run + " is already closed; a run ends with exactly one terminal event");
    }
}
