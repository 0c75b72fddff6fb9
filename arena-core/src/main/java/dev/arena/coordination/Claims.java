package dev.arena.coordination;

import dev.arena.broker.redis.RedisScripts;
import dev.arena.error.BackendUnavailableException;
import dev.arena.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A set of named, expiring claims: at most one holder per name, which keeps its claim by renewing it
 * within its TTL. Every operation is atomic on its own (on Redis: one script on the set's one key),
 * so of several servers racing for a name exactly one wins. Built by the static factories here, on
 * Redis for servers that share one, or in this process. Thread-safe.
 *
 * <p>Failures: the Redis implementations throw {@link BackendUnavailableException} (masked URL, what was asked)
 * when Redis fails or does not answer within the command timeout; callers decide what "unknown" means.
 */
public interface Claims extends AutoCloseable {

    /**
     * Takes {@code name} for {@code holder}, only if nobody holds it or its claim has expired.
     *
     * @param payload stored with the claim for readers (e.g. JSON); empty for none
     * @return the claim as it stands afterwards: {@code holder}'s when taken, else the current
     *         holder's (a fresh claim of {@code holder} itself is not taken again: renew it)
     */
    Claim claim(String name, String holder, String payload, Duration ttl);

    /**
     * Restarts {@code holder}'s claim on {@code name} for another {@code ttl}, storing {@code payload}.
     * Only its holder renews it; with {@link Expiry#FORGET} only while it has not expired.
     *
     * @return false when {@code holder} does not hold it (nothing changed)
     */
    boolean renew(String name, String holder, String payload, Duration ttl);

    /** Ends {@code holder}'s claim on {@code name} at once; false (nothing changed) when {@code holder} does not hold it. */
    boolean release(String name, String holder);

    /** The claim on {@code name}; empty when free (with {@link Expiry#FORGET}, also when expired). */
    Optional<Claim> observe(String name);

    /** Every claim in the set (with {@link Expiry#KEEP}, expired ones too), in no particular order. */
    List<Claim> list();

    /**
     * Ends {@code name}'s claim only if it is still {@code expiredHolder}'s and has expired, so the
     * caller may act once in the gone holder's place (close what it left behind); of any number of
     * callers exactly one gets true. The name is free afterwards.
     */
    boolean takeOver(String name, String expiredHolder);

    /** Closes the connection, if any; claims stay as they are (release them first). Idempotent. */
    @Override
    void close();

    /** Claims held in this JVM (the in-process backend, unit tests), timed by {@code ticker}. */
    static Claims inProcess(Ticker ticker, Expiry expiry) {
        return new InProcessClaims(ticker, expiry);
    }

    /**
     * Claims in one Redis hash, {@code key} (one key, so one slot on a Redis Cluster: every
     * operation and one read of all claims work alike on one Redis and on a cluster), timed by the
     * Redis clock. Redis 7.0 has no per-field expiry, so each value carries its stamp and TTL. Takes
     * over {@code redis}: closing the claims closes it.
     */
    static Claims inRedisHash(RedisScripts redis, String key, HashLayout layout, Expiry expiry) {
        return new RedisHashClaims(redis, key, layout, expiry);
    }

    /**
     * One claim, named {@code key}, stored as that plain Redis key: value = holder, expiring by
     * Redis's own {@code PX} (so it is {@link Expiry#FORGET} and carries no payload). The reaper
     * lease's layout ({@code arena:lease:reaper}), kept for servers of other versions; a new kind of
     * claim belongs in a hash. Takes over {@code redis}: closing the claims closes it.
     */
    static Claims inRedisKey(RedisScripts redis, String key) {
        return new RedisKeyClaims(redis, key);
    }
}
