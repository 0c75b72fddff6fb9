package dev.arena.ownership;

import dev.arena.api.WireJson;
import dev.arena.broker.redis.RedisScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fork leases' one Redis key, {@value #KEY}: a hash of child run id → {@code "<renewed ms> <ttl
 * ms> <owner id> <lease JSON>"}, the registry's design ({@code arena:servers}) again: one key, so one
 * read lists every lease on a Redis Cluster too (no SCAN per master), renewals stamped with the Redis
 * clock, a TTL per entry. Unlike the registry, expired leases are not pruned by a renewal: they are
 * exactly what a surviving server must find, and {@link #claim} removes each one once. The key has no
 * expiry, so a lease outlives every server and a restarted one still finds it.
 */
final class LeaseHash {

    static final String KEY = "arena:forks";

    /**
     * ARGV: owner id, ttl ms, then child id / lease JSON pairs. Writes the owner's current leases and
     * removes the owner's other ones (tasks that ended). With no pairs it removes all of the owner's.
     */
    private static final String RENEW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local keep = {}
            for i = 3, #ARGV, 2 do
              redis.call('HSET', KEYS[1], ARGV[i], string.format('%d %s %s %s', now, ARGV[2], ARGV[1], ARGV[i + 1]))
              keep[ARGV[i]] = true
            end
            local all = redis.call('HGETALL', KEYS[1])
            local dropped = 0
            for i = 1, #all, 2 do
              local owner = string.match(all[i + 1], '^%d+ %d+ (%S+) ')
              if owner == ARGV[1] and not keep[all[i]] then
                redis.call('HDEL', KEYS[1], all[i])
                dropped = dropped + 1
              end
            end
            return {now, dropped}
            """;

    private static final String LIST = """
            local t = redis.call('TIME')
            local out = redis.call('HGETALL', KEYS[1])
            table.insert(out, 1, tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
            return out
            """;

    /** ARGV: child id, owner id. Removes the lease only if it is still that owner's and expired: 1 to the one caller that did. */
    private static final String CLAIM = """
            local v = redis.call('HGET', KEYS[1], ARGV[1])
            if not v then return {0} end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local beat, life, owner = string.match(v, '^(%d+) (%d+) (%S+) ')
            if beat == nil or owner ~= ARGV[2] or now - tonumber(beat) <= tonumber(life) then return {0} end
            redis.call('HDEL', KEYS[1], ARGV[1])
            return {1}
            """;

    private final RedisScripts redis;

    LeaseHash(RedisScripts redis) {
        this.redis = redis;
    }

    /** Writes {@code owner}'s current leases with {@code ttl} and drops its others; returns how many it dropped. */
    long renew(String owner, Duration ttl, List<ForkLease> current) {
        List<String> args = new ArrayList<>();
        args.add(owner);
        args.add(Long.toString(ttl.toMillis()));
        for (ForkLease lease : current) {
            args.add(lease.childRunId());
            args.add(WireJson.write(lease));
        }
        List<Object> reply = redis.eval("fork lease renewal", RENEW, KEY, args.toArray(String[]::new));
        return reply.size() > 1 && reply.get(1) instanceof Long n ? n : 0;
    }

    /** Every lease, expired ones included. */
    List<ObservedLease> list() {
        return parse(redis.eval("fork lease list", LIST, KEY));
    }

    /** Removes {@code child}'s lease if it is still {@code owner}'s and expired; true for the one caller that removed it. */
    boolean claim(String child, String owner) {
        List<Object> reply = redis.eval("fork lease claim", CLAIM, KEY, child, owner);
        return !reply.isEmpty() && reply.get(0) instanceof Long n && n == 1;
    }

    static List<ObservedLease> parse(List<Object> reply) {
        if (reply.isEmpty() || !(reply.get(0) instanceof Long now)) {
            throw new IllegalStateException("fork lease list: unexpected reply " + reply);
        }
        List<ObservedLease> out = new ArrayList<>();
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            ObservedLease lease = lease(String.valueOf(reply.get(i + 1)), now);
            if (lease != null && lease.lease().childRunId().equals(String.valueOf(reply.get(i)))) {
                out.add(lease);
            }
        }
        return out;
    }

    /** One value observed at {@code now}; null when unreadable (a foreign or corrupt field is skipped). */
    private static ObservedLease lease(String value, long now) {
        String[] parts = value.split(" ", 4);
        if (parts.length < 4) {
            return null;
        }
        try {
            long beat = Long.parseLong(parts[0]);
            long ttl = Long.parseLong(parts[1]);
            ForkLease lease = WireJson.read(parts[3], ForkLease.class);
            return lease.ownerId().equals(parts[2]) ? new ObservedLease(lease, Math.max(0, now - beat), ttl) : null;
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }
}
