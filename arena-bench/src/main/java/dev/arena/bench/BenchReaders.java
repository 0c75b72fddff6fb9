package dev.arena.bench;

import java.nio.ByteBuffer;

/**
 * Many readers of one run on one transport ({@link NioSseClients} for SSE, {@link WsClients} for
 * WebSocket), so the server benchmarks measure both the same way. Driven from one thread.
 */
interface BenchReaders extends AutoCloseable {

    /**
     * Receives what reader {@code index} read: for SSE a piece of the stream, for WebSocket one whole
     * message. The buffer is only valid during the call; one reader's calls never overlap.
     */
    interface Reader {
        void read(int index, ByteBuffer data, long nanoTime);
    }

    /** A reader that records each envelope's delivery latency and counts the readers' {@code end} frames. */
    interface Stamps extends Reader {
        long delivered();

        int ended();

        /** The recorded latencies in nanoseconds, sorted. */
        long[] sortedSamples();
    }

    /** Opens every connection (in waves, so the server's accept queue keeps up). */
    void connectAll() throws Exception;

    /** Lets the readers run for {@code millis} (the SSE selector loop runs on the calling thread). */
    void pump(long millis) throws Exception;

    /** Connections the server has closed so far. */
    int closed();

    /** CPU time the readers themselves have used so far, ns: subtracted from the process's to leave the server's. */
    long cpuNanos();
}
