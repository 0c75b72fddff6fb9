package dev.arena.traffic;

import dev.arena.broker.RunId;

/**
 * Requests a fork of a racing run: through the server ({@link HttpForkLauncher}) or in process
 * (the demo hands a lambda over its {@code ForkService}). Called from a race thread; may block
 * briefly.
 */
@FunctionalInterface
public interface ForkLauncher {

    /** Launches nothing; for races without forks. */
    ForkLauncher NONE = (parent, index) -> {
        throw new IllegalStateException("this race was given no fork launcher");
    };

    /**
     * Forks {@code parent}.
     *
     * @param index 0 for the race's first fork, 1 for the second, …
     * @return a short description of what was started (e.g. the child run id), for logs
     * @throws Exception when the fork could not be requested; the race counts it and goes on
     */
    String fork(RunId parent, int index) throws Exception;
}
