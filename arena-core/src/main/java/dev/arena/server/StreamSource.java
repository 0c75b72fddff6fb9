package dev.arena.server;

import dev.arena.broker.Envelope;

/**
 * Where an SSE stream takes its envelopes from: the broker (live tail) or the store (cold path).
 * Same non-blocking shape as {@link dev.arena.broker.Subscription}.
 */
interface StreamSource {

    /** The next envelope, or null when none is ready (or finished); may throw overflow. */
    Envelope poll();

    boolean isFinished();

    /** Calls back once when {@link #poll()} may have something new. */
    void onReady(Runnable callback);

    /** Stops reading because the client could not keep up (counted as dropped). */
    void evict();

    void close();
}
