package dev.arena.coordination;

import java.time.Duration;
import java.util.List;

/** What the Redis claim scripts take and answer, the same for the key and the hash layout. */
final class ClaimScripts {

    private ClaimScripts() {}

    /** A claim's TTL as the scripts take it: whole milliseconds, positive. */
    static String millis(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a claim's TTL must be positive, got " + ttl);
        }
        return Long.toString(ttl.toMillis());
    }

    /** True when a script answered that it did what it was asked (its first reply element is 1). */
    static boolean isOne(List<Object> reply) {
        return !reply.isEmpty() && Long.valueOf(1).equals(reply.get(0));
    }
}
