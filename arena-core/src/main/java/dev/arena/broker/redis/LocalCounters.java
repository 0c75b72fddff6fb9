package dev.arena.broker.redis;

import java.util.concurrent.atomic.LongAdder;

/** The per-process broker counters (docs/design.md, "Broker contract"; the shared ones live in Redis). */
final class LocalCounters {
    final LongAdder streamed = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder reaped = new LongAdder();
    final LongAdder publishFailures = new LongAdder();
}
