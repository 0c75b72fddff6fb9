package dev.arena.coordination;

import static dev.arena.coordination.ClaimScripts.isOne;
import static dev.arena.coordination.ClaimScripts.millis;

import dev.arena.broker.redis.RedisScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims as the fields of one Redis hash, in a {@link HashLayout}. Each operation is one Lua script
 * on that key: the scripts share one prelude that reads the Redis clock ({@code TIME} in ms) and
 * decodes and writes a field, so the stored format and the expiry rule exist once. With
 * {@link Expiry#FORGET} every write also prunes expired fields and keeps the key alive for three
 * TTLs, so a set nobody renews any more disappears.
 */
final class RedisHashClaims implements Claims {

    private static final Logger LOG = LoggerFactory.getLogger(RedisHashClaims.class);

    /**
     * ARGV[1] '1' when the holder is in the value ({@link HashLayout#HOLDER_IN_VALUE}), ARGV[2] '1'
     * for {@link Expiry#FORGET}; the operation's arguments follow from ARGV[3]. Defines {@code now},
     * {@code current(name)}, {@code write(name, holder, ttl, payload)} (returns how many expired
     * fields it pruned) and {@code row(c)} (name, holder, age ms, ttl ms, payload).
     */
    private static final String PRELUDE =
            """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local holderInValue = ARGV[1] == '1'
            local forget = ARGV[2] == '1'
            local function decode(name, value)
              local stamp, life, rest = string.match(value, '^(%d+) (%d+) (.*)$')
              if stamp == nil then return nil end
              local holder, payload = name, rest
              if holderInValue then
                holder, payload = string.match(rest, '^(%S+) (.*)$')
                if holder == nil then return nil end
              end
              local age = math.max(0, now - tonumber(stamp))
              return {name = name, holder = holder, payload = payload, age = age, ttl = tonumber(life),
                      expired = age > tonumber(life)}
            end
            local function current(name)
              local v = redis.call('HGET', KEYS[1], name)
              if not v then return nil end
              local c = decode(name, v)
              if c ~= nil and forget and c.expired then return nil end
              return c
            end
            local function write(name, holder, ttl, payload)
              if holderInValue then
                redis.call('HSET', KEYS[1], name, string.format('%d %d %s %s', now, ttl, holder, payload))
              else
                redis.call('HSET', KEYS[1], name, string.format('%d %d %s', now, ttl, payload))
              end
              local pruned = 0
              if forget then
                local all = redis.call('HGETALL', KEYS[1])
                for i = 1, #all, 2 do
                  local c = decode(all[i], all[i + 1])
                  if c == nil or c.expired then
                    redis.call('HDEL', KEYS[1], all[i])
                    pruned = pruned + 1
                  end
                end
                if redis.call('PTTL', KEYS[1]) < 3 * ttl then
                  redis.call('PEXPIRE', KEYS[1], 3 * ttl)
                end
              end
              return pruned
            end
            local function row(c)
              return {c.name, c.holder, c.age, c.ttl, c.payload}
            end
            """;

    /** ARGV[3..6] name, holder, ttl ms, payload; {taken 1/0, pruned, then the claim's row as it stands}. */
    private static final String CLAIM = PRELUDE
            + """
            local c = current(ARGV[3])
            if c ~= nil and not c.expired then
              local out = {0, 0}
              for _, v in ipairs(row(c)) do table.insert(out, v) end
              return out
            end
            local pruned = write(ARGV[3], ARGV[4], tonumber(ARGV[5]), ARGV[6])
            return {1, pruned, ARGV[3], ARGV[4], 0, tonumber(ARGV[5]), ARGV[6]}
            """;

    /** ARGV[3..6] name, holder, ttl ms, payload; {renewed 1/0, pruned}. */
    private static final String RENEW = PRELUDE
            + """
            local c = current(ARGV[3])
            if c == nil or c.holder ~= ARGV[4] then return {0, 0} end
            return {1, write(ARGV[3], ARGV[4], tonumber(ARGV[5]), ARGV[6])}
            """;

    /** ARGV[3..4] name, holder; {released 1/0}. */
    private static final String RELEASE = PRELUDE
            + """
            local c = current(ARGV[3])
            if c == nil or c.holder ~= ARGV[4] then return {0} end
            redis.call('HDEL', KEYS[1], ARGV[3])
            return {1}
            """;

    /** ARGV[3..4] name, the expired holder; {taken over 1/0}. */
    private static final String TAKE_OVER = PRELUDE
            + """
            local c = current(ARGV[3])
            if c == nil or c.holder ~= ARGV[4] or not c.expired then return {0} end
            redis.call('HDEL', KEYS[1], ARGV[3])
            return {1}
            """;

    /** ARGV[3] name; its row, or {} when free. */
    private static final String OBSERVE = PRELUDE
            + """
            local c = current(ARGV[3])
            if c == nil then return {} end
            return row(c)
            """;

    /** Every readable claim's row, one after another; unreadable fields are skipped. */
    private static final String LIST = PRELUDE
            + """
            local all = redis.call('HGETALL', KEYS[1])
            local out = {}
            for i = 1, #all, 2 do
              local c = decode(all[i], all[i + 1])
              if c ~= nil and not (forget and c.expired) then
                for _, v in ipairs(row(c)) do table.insert(out, v) end
              end
            end
            return out
            """;

    private static final int ROW = 5;

    private final RedisScripts redis;
    private final String key;
    private final HashLayout layout;
    private final String holderInValue;
    private final String forget;

    RedisHashClaims(RedisScripts redis, String key, HashLayout layout, Expiry expiry) {
        this.redis = redis;
        this.key = key;
        this.layout = layout;
        this.holderInValue = layout == HashLayout.HOLDER_IN_VALUE ? "1" : "0";
        this.forget = expiry == Expiry.FORGET ? "1" : "0";
    }

    @Override
    public Claim claim(String name, String holder, String payload, Duration ttl) {
        checkHolder(name, holder);
        List<Object> reply = eval("claim " + name, CLAIM, name, holder, millis(ttl), payload);
        logPruned(reply.get(1));
        return rows(reply.subList(2, reply.size())).get(0);
    }

    @Override
    public boolean renew(String name, String holder, String payload, Duration ttl) {
        checkHolder(name, holder);
        List<Object> reply = eval("renew " + name, RENEW, name, holder, millis(ttl), payload);
        logPruned(reply.get(1));
        return isOne(reply);
    }

    @Override
    public boolean release(String name, String holder) {
        return isOne(eval("release " + name, RELEASE, name, holder));
    }

    @Override
    public Optional<Claim> observe(String name) {
        return rows(eval("observe " + name, OBSERVE, name)).stream().findFirst();
    }

    @Override
    public List<Claim> list() {
        return rows(eval("list", LIST));
    }

    @Override
    public boolean takeOver(String name, String expiredHolder) {
        return isOne(eval("take over " + name, TAKE_OVER, name, expiredHolder));
    }

    @Override
    public void close() {
        redis.close();
    }

    /** The one place this class waits for Redis: a script on the set's key, bounded by the command timeout. */
    private List<Object> eval(String what, String script, String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = holderInValue;
        argv[1] = forget;
        System.arraycopy(args, 0, argv, 2, args.length);
        return redis.eval(key + " " + what, script, key, argv);
    }

    private void checkHolder(String name, String holder) {
        if (holder.isEmpty() || holder.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(
                    "a claim holder must be non-empty without whitespace, got '" + holder + "'");
        }
        if (layout == HashLayout.NAME_IS_HOLDER && !name.equals(holder)) {
            throw new IllegalArgumentException(
                    "in " + key + " a name is its own holder: '" + holder + "' cannot claim '" + name + "'");
        }
    }

    private void logPruned(Object pruned) {
        if (pruned instanceof Long n && n > 0) {
            LOG.info(
                    "{}: removed {} entr{} whose holder stopped renewing for longer than {} TTL",
                    key,
                    n,
                    n == 1 ? "y" : "ies",
                    n == 1 ? "its" : "their");
        }
    }

    private List<Claim> rows(List<Object> reply) {
        if (reply.size() % ROW != 0) {
            throw new IllegalStateException(key + ": unexpected reply " + reply);
        }
        List<Claim> out = new ArrayList<>(reply.size() / ROW);
        for (int i = 0; i < reply.size(); i += ROW) {
            out.add(new Claim(
                    String.valueOf(reply.get(i)),
                    String.valueOf(reply.get(i + 1)),
                    String.valueOf(reply.get(i + 4)),
                    number(reply.get(i + 2)),
                    number(reply.get(i + 3))));
        }
        return out;
    }

    private long number(Object value) {
        if (value instanceof Long n) {
            return n;
        }
        throw new IllegalStateException(key + ": expected a number in the reply, got " + value);
    }
}
