package dev.arena.diag.redis;

import dev.arena.error.BackendUnavailableException;
import dev.arena.reply.BoundedReplies;
import dev.arena.time.Ticker;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads sentinel keys one SCAN page at a time with their TTLs. Preferred: a read-only script that
 * runs one {@code SCAN cursor MATCH … COUNT 1000} and the PTTL of each key it returned — one round
 * trip and about a millisecond of Redis time per page, so Redis is never blocked for long. Where
 * scripts are not allowed (ACL, Redis before 7), it falls back to SCAN plus the PTTLs pipelined.
 */
final class SentinelPages {

    /** One page: the next cursor ("0" when done), keys and their PTTLs (null when a PTTL failed). */
    record Page(String cursor, List<String> keys, List<Long> ttls) {}

    static final String SCRIPT = "#!lua flags=no-writes,allow-cross-slot-keys\n"
            + "local r = redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])\n"
            + "local out = {r[1]}\n"
            + "for _, k in ipairs(r[2]) do out[#out + 1] = k; out[#out + 1] = redis.call('PTTL', k) end\n"
            + "return out\n";

    private final StatefulRedisConnection<String, String> connection;
    private final Duration timeout;
    private String sha;
    private boolean scriptsRefused;

    SentinelPages(StatefulRedisConnection<String, String> connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
    }

    /** True once the script path was refused and the pipelined path is in use. */
    boolean pipelinedFallback() {
        return scriptsRefused;
    }

    Page next(String cursor, String pattern, int count) {
        if (!scriptsRefused) {
            try {
                return byScript(cursor, pattern, count);
            } catch (RedisCommandExecutionException e) {
                scriptsRefused = true;
            }
        }
        return pipelined(cursor, pattern, count);
    }

    private Page byScript(String cursor, String pattern, int count) {
        String[] args = {cursor, pattern, Integer.toString(count)};
        List<Object> reply;
        if (sha == null) {
            sha = connection.sync().scriptLoad(SCRIPT);
        }
        try {
            reply = connection.sync().evalsha(sha, ScriptOutputType.MULTI, new String[0], args);
        } catch (RedisNoScriptException e) {
            reply = connection.sync().eval(SCRIPT, ScriptOutputType.MULTI, new String[0], args);
        }
        List<String> keys = new ArrayList<>(reply.size() / 2);
        List<Long> ttls = new ArrayList<>(reply.size() / 2);
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            keys.add(String.valueOf(reply.get(i)));
            ttls.add(reply.get(i + 1) instanceof Number n ? n.longValue() : null);
        }
        return new Page(String.valueOf(reply.get(0)), keys, ttls);
    }

    private Page pipelined(String cursor, String pattern, int count) {
        KeyScanCursor<String> page = connection
                .sync()
                .scan(ScanCursor.of(cursor), ScanArgs.Builder.matches(pattern).limit(count));
        List<String> keys = page.getKeys();
        RedisAsyncCommands<String, String> async = connection.async();
        List<RedisFuture<Long>> futures = new ArrayList<>(keys.size());
        connection.setAutoFlushCommands(false);
        try {
            keys.forEach(k -> futures.add(async.pttl(k)));
            connection.flushCommands();
        } finally {
            connection.setAutoFlushCommands(true);
        }
        List<Long> ttls = new ArrayList<>(keys.size());
        BoundedReplies.Batch pipelined = new BoundedReplies("Redis", timeout.multipliedBy(2), Ticker.system()).batch();
        for (RedisFuture<Long> f : futures) {
            try {
                ttls.add(pipelined.await("a pipelined batch of " + keys.size() + " PTTLs", f));
            } catch (BackendUnavailableException e) {
                if (!(e.getCause() instanceof RedisCommandExecutionException)) {
                    throw RedisUnavailableException.of(e);
                }
                ttls.add(null); // Redis refused the PTTL for this key: no value
            }
        }
        return new Page(page.isFinished() ? "0" : page.getCursor(), keys, ttls);
    }
}
