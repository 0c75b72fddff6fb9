package dev.arena.coordination;

import java.util.Objects;

/**
 * One claim as observed: who holds {@code name}, what the holder wrote with it, and how long ago it
 * was last claimed or renewed against its TTL — on the Redis backend both by the Redis clock, so no
 * host's clock matters. Immutable.
 *
 * @param payload what the holder stored with the claim; empty when it stored nothing
 */
public record Claim(String name, String holder, String payload, long ageMs, long ttlMs) {

    public Claim {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(payload, "payload");
    }

    /** True when the holder has not renewed it within its TTL (exactly at the TTL it is still fresh). */
    public boolean expired() {
        return ageMs > ttlMs;
    }

    /** Milliseconds until it expires; zero or less once it has. */
    public long expiresInMs() {
        return ttlMs - ageMs;
    }

    /** True when {@code holderId} holds it. */
    public boolean heldBy(String holderId) {
        return holder.equals(holderId);
    }
}
