package dev.arena.broker.redis;

import dev.arena.broker.Event;
import dev.arena.broker.RunOutcome;
import dev.arena.config.BrokerSettings;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Batches as the publisher builds them, and {@code publish.lua} run on them as the publisher runs it:
 * for the tests that drive the scripts and direct appends by hand.
 */
final class ScriptedBatches {

    static final PublishScript SCRIPT = PublishScript.load();

    private ScriptedBatches() {}

    /**
     * Batch {@code number} of {@code run} with {@code events} events: {@code run.start} first when it
     * {@code opens}, {@code outcome}'s terminal event last when one is given, signals between.
     */
    static PublishBatch batch(RunState run, long number, boolean opens, RunOutcome outcome, int events) {
        PublishBatch b = new PublishBatch(run, number, opens);
        for (int i = 0; i < events; i++) {
            Event e = opens && i == 0 ? Event.of("run.start") : Event.of("agent.signal", Map.of("i", i));
            RunOutcome o = i == events - 1 ? outcome : null;
            if (o != null) {
                e = Event.of(o.kind());
            }
            b.add(new PendingPublish(
                    run,
                    EnvelopeTemplate.suffix(e, Instant.now()),
                    opens && i == 0,
                    o,
                    "2026-11-22T06:46:21.123456Z",
                    null,
                    System.nanoTime()));
        }
        return b;
    }

    /**
     * The script's reply to {@code b} from {@code producer} (first seq, code); an applied batch
     * (code 0) keeps the producer's seq guess up to date, as the publisher does.
     */
    static List<Object> publish(RedisCommands<String, String> redis, PublishBatch b, String producer) {
        List<Object> r = redis.eval(
                SCRIPT.source, ScriptOutputType.MULTI, b.keys(), b.args(producer, BrokerSettings.DEFAULTS, false));
        if ((Long) r.get(1) == 0) {
            b.succeed((Long) r.get(0));
        }
        return r;
    }
}
