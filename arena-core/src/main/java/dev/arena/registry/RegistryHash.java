package dev.arena.registry;

import dev.arena.api.ServerEntry;
import dev.arena.api.WireJson;
import dev.arena.broker.redis.RedisScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The registry's one Redis key, {@value #KEY}: a hash of server id → {@code "<heartbeat ms> <ttl ms>
 * <entry JSON>"}. One key, so every command touches a single slot and one read lists every server
 * on a Redis Cluster too (no SCAN per master). Heartbeats are stamped with the Redis clock
 * ({@code TIME} inside the scripts), so ages never depend on the clocks of the servers' hosts; each
 * entry carries its own TTL, and an entry older than its TTL is not listed and is pruned by the
 * next heartbeat of any server. Redis 7.0 has no per-field expiry, hence this emulation.
 */
final class RegistryHash {

    static final String KEY = "arena:servers";

    /** ARGV: id, ttl ms, entry JSON. Writes the entry, prunes stale ones, keeps the key alive 3 TTLs. */
    private static final String HEARTBEAT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local ttl = tonumber(ARGV[2])
            redis.call('HSET', KEYS[1], ARGV[1], string.format('%d %d %s', now, ttl, ARGV[3]))
            local all = redis.call('HGETALL', KEYS[1])
            local pruned = 0
            for i = 1, #all, 2 do
              local beat, life = string.match(all[i + 1], '^(%d+) (%d+) ')
              if beat == nil or now - tonumber(beat) > tonumber(life) then
                redis.call('HDEL', KEYS[1], all[i])
                pruned = pruned + 1
              end
            end
            if redis.call('PTTL', KEYS[1]) < 3 * ttl then
              redis.call('PEXPIRE', KEYS[1], 3 * ttl)
            end
            return {now, pruned}
            """;

    /** The Redis clock in ms, then the hash's fields and values. */
    private static final String LIST = """
            local t = redis.call('TIME')
            local out = redis.call('HGETALL', KEYS[1])
            table.insert(out, 1, tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
            return out
            """;

    private static final String REMOVE = "return {redis.call('HDEL', KEYS[1], ARGV[1])}";

    private final RedisScripts redis;

    RegistryHash(RedisScripts redis) {
        this.redis = redis;
    }

    /** Writes (or renews) {@code announcement}'s entry with {@code ttl}; returns how many stale entries it pruned. */
    long beat(ServerAnnouncement announcement, Duration ttl) {
        List<Object> reply = redis.eval("registry heartbeat", HEARTBEAT, KEY, announcement.id(), Long.toString(ttl.toMillis()),
                WireJson.write(announcement.entry()));
        return reply.size() > 1 && reply.get(1) instanceof Long n ? n : 0;
    }

    /** Every entry within its TTL, oldest start first; {@code selfId} (may be null) is marked self. */
    List<ServerEntry> list(String selfId) {
        return parse(redis.eval("registry list", LIST, KEY), selfId);
    }

    /** Removes {@code id}'s entry; true when it was there. */
    boolean remove(String id) {
        List<Object> reply = redis.eval("registry remove", REMOVE, KEY, id);
        return !reply.isEmpty() && reply.get(0) instanceof Long n && n > 0;
    }

    static List<ServerEntry> parse(List<Object> reply, String selfId) {
        if (reply.isEmpty() || !(reply.get(0) instanceof Long now)) {
            throw new IllegalStateException("registry list: unexpected reply " + reply);
        }
        List<ServerEntry> out = new ArrayList<>();
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            String id = String.valueOf(reply.get(i));
            ServerEntry entry = entry(String.valueOf(reply.get(i + 1)), now, id.equals(selfId));
            if (entry != null && id.equals(entry.id())) {
                out.add(entry);
            }
        }
        out.sort(Comparator.comparing(ServerEntry::startedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(ServerEntry::id));
        return out;
    }

    /** One value, observed at {@code now}; null when stale or unreadable (a foreign or corrupt field is skipped, not fatal). */
    private static ServerEntry entry(String value, long now, boolean self) {
        int first = value.indexOf(' ');
        int second = first < 0 ? -1 : value.indexOf(' ', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            long beat = Long.parseLong(value.substring(0, first));
            long ttl = Long.parseLong(value.substring(first + 1, second));
            long age = Math.max(0, now - beat);
            if (age > ttl) {
                return null;
            }
            return WireJson.read(value.substring(second + 1), ServerEntry.class).observed(age, ttl, self);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
