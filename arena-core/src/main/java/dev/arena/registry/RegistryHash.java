package dev.arena.registry;

import dev.arena.broker.redis.RedisScripts;
import dev.arena.coordination.Claim;
import dev.arena.coordination.Claims;
import dev.arena.coordination.Expiry;
import dev.arena.coordination.HashLayout;
import dev.arena.wire.ServerEntry;
import dev.arena.wire.WireJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The registry's one Redis key, {@value #KEY}: a set of {@link Claims} where each server claims its
 * own id ({@link HashLayout#NAME_IS_HOLDER}: field = id, value = {@code "<heartbeat ms> <ttl ms>
 * <entry JSON>"}), forgotten once not renewed within its own TTL ({@link Expiry#FORGET}; the key
 * lapses three TTLs after the last heartbeat). One key, so one read lists every server on a Redis
 * Cluster too (no SCAN per master); ages are by the Redis clock.
 */
final class RegistryHash {

    static final String KEY = "arena:servers";

    private RegistryHash() {}

    /** The registry's claims in the Redis behind {@code redis}, which they take over (closing them closes it). */
    static Claims open(RedisScripts redis) {
        return Claims.inRedisHash(redis, KEY, HashLayout.NAME_IS_HOLDER, Expiry.FORGET);
    }

    /** What {@code announcement} stores with its claim. */
    static String payload(ServerAnnouncement announcement) {
        return WireJson.write(announcement.entry());
    }

    /** Every entry within its TTL, oldest start first; {@code selfId} (may be null) is marked self. */
    static List<ServerEntry> list(Claims claims, String selfId) {
        return parse(claims.list(), selfId);
    }

    static List<ServerEntry> parse(List<Claim> claims, String selfId) {
        List<ServerEntry> out = new ArrayList<>();
        for (Claim claim : claims) {
            ServerEntry entry = entry(claim, claim.name().equals(selfId));
            if (entry != null && claim.name().equals(entry.id())) {
                out.add(entry);
            }
        }
        out.sort(Comparator.comparing(ServerEntry::startedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(ServerEntry::id));
        return out;
    }

    /** One claim as an entry; null when stale or unreadable (a foreign or corrupt value is skipped, not fatal). */
    private static ServerEntry entry(Claim claim, boolean self) {
        if (claim.expired()) {
            return null;
        }
        try {
            return WireJson.read(claim.payload(), ServerEntry.class).observed(claim.ageMs(), claim.ttlMs(), self);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
