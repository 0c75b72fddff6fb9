package dev.arena.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * Readers of this server dropped by transport ({@code streams_dropped{transport}}): a reader is
 * counted once when its stream of a run overflows (trimmed or lost) or when it is evicted for not
 * keeping up. Thread-safe.
 */
final class ReaderDrops {

    /** One transport's count. */
    static final class Counter {
        private final LongAdder count = new LongAdder();
        private final String transport;

        private Counter(String transport) {
            this.transport = transport;
        }

        /** {@code sse} or {@code ws}: the label of this transport's series. */
        String transport() {
            return transport;
        }

        void increment() {
            count.increment();
        }

        long value() {
            return count.sum();
        }
    }

    private final Counter sse = new Counter("sse");
    private final Counter ws = new Counter("ws");

    Counter sse() {
        return sse;
    }

    Counter ws() {
        return ws;
    }
}
