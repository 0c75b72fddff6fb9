package dev.arena.server;

/**
 * A reader the {@link SseHub} drives: an SSE stream or a WebSocket. The hub's flusher calls
 * {@link #pump()} when its source has news, its tick thread calls {@link #tick} for keepalive and
 * stall eviction, and shutdown ends it.
 */
interface HubReader {

    /** Moves whatever is ready to the client; safe to call from any thread, any number of times. */
    void pump();

    /** Called by the hub's tick thread: keepalive when quiet, evict when a write stalled. */
    void tick(long nowNanos, long heartbeatNanos, long stallNanos);

    /** Ends the reader because the server is stopping. */
    void shutdown();

    /** Bytes handed to Jetty and not yet confirmed written. */
    int bufferedBytes();

    /** This reader now, for {@code /debug/readers} and the reader metrics; safe from any thread. */
    ReaderSnapshot snapshot();
}
