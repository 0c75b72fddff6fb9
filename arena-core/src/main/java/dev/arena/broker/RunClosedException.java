package dev.arena.broker;

/** A publish to a run whose terminal event was already written. */
public class RunClosedException extends BrokerException {

    public RunClosedException(RunId run) {
        super("run " + run + " is already closed; a run ends with exactly one terminal event");
    }
}
