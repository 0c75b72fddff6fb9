package dev.arena.broker;

import dev.arena.error.Fault;

/** An envelope larger than {@code ARENA_MAX_EVENT_BYTES}; nothing was published. The producer's fault ({@link Fault#INPUT}). */
public class EventTooLargeException extends BrokerException {

    private final int size;
    private final int limit;

    public EventTooLargeException(RunId run, String kind, int size, int limit) {
        super(
                Fault.INPUT,
                "event " + kind + " for run " + run + " is " + size + " bytes as an envelope, over the limit of "
                        + limit + " (ARENA_MAX_EVENT_BYTES); split the payload or raise the limit");
        this.size = size;
        this.limit = limit;
    }

    public int size() {
        return size;
    }

    public int limit() {
        return limit;
    }
}
