package dev.arena.broker.redis;

import dev.arena.config.BrokerSettings;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;

/**
 * The calls one producer sends for a batch — a {@code publish.lua} call, or a direct append's check
 * and transaction — with what every such call carries fixed once: the scripts, the producer's id,
 * the settings and whether runs are announced (on a Redis Cluster). None of them is flushed.
 */
record ProducerCalls(
        PublishScript script, PublishScript check, String producerId, BrokerSettings settings, boolean cluster) {

    /** The batch through {@code publish.lua} ({@code EVALSHA}); the reply is the script's. */
    RedisFuture<List<Object>> publish(RedisAsyncCommands<String, String> cmd, PublishBatch b) {
        return cmd.evalsha(script.sha, ScriptOutputType.MULTI, b.keys(), b.args(producerId, settings, cluster));
    }

    /** The {@code WATCH} and check before a direct append of {@code b} ({@link DirectAppend#check}). */
    RedisFuture<List<Object>> check(StatefulRedisConnection<String, String> c, PublishBatch b) {
        return DirectAppend.check(c, check, b, producerId);
    }

    /** The direct append of {@code b} from seq {@code first}, as its check confirmed ({@link DirectAppend#append}). */
    DirectAppend.Sent append(StatefulRedisConnection<String, String> c, PublishBatch b, long first) {
        return DirectAppend.append(c, b, first, producerId, settings, cluster);
    }
}
