package dev.arena.broker.redis;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The per-process broker counters (docs/design.md, "Broker contract"; the shared ones live in Redis).
 * Publish failures are also owed to the shared {@code arena:stats:publish_failures} counter: they
 * are kept here until the publisher manages to add them in Redis (which may be what is down).
 */
final class LocalCounters {
    final LongAdder streamed = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder reaped = new LongAdder();
    final LongAdder publishFailures = new LongAdder();
    final LongAdder runsLost = new LongAdder();
    private final AtomicLong unsharedFailures = new AtomicLong();

    /** {@code n} publishes failed loudly in this process: counted here and owed to the shared counter. */
    void publishFailed(long n) {
        if (n > 0) {
            publishFailures.add(n);
            unsharedFailures.addAndGet(n);
        }
    }

    /** Failures not yet added to the shared counter. */
    long unsharedFailures() {
        return unsharedFailures.get();
    }

    /** Takes the failures owed to the shared counter; give them back with {@link #unshared} if sending fails. */
    long takeUnsharedFailures() {
        return unsharedFailures.getAndSet(0);
    }

    /** The shared counter did not get {@code n} failures after all: owe them again. */
    void unshared(long n) {
        unsharedFailures.addAndGet(n);
    }
}
