package dev.arena.broker.redis;

import static dev.arena.broker.redis.ScriptedBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.config.BrokerSettings;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Direct appends (docs/design.md, "Direct appends"): the check decides, the {@code WATCH}ed
 * transaction applies exactly what it checked or nothing, a re-sent batch is answered with the seq
 * it got the first time, and two producers racing on one run still get unique, contiguous seqs.
 */
class DirectAppendIT {

    @RegisterExtension
    static final ProbedRedis REDIS = new ProbedRedis();

    private static final PublishScript CHECK = PublishScript.loadCheck();

    private RedisClient client;
    private StatefulRedisConnection<String, String> conn;

    @BeforeEach
    void connect() {
        client = RedisClient.create(REDIS.server().url());
        conn = client.connect();
        conn.sync().scriptLoad(CHECK.source);
    }

    @AfterEach
    void disconnect() {
        conn.close();
        client.shutdown();
    }

    /** Opens the run through publish.lua, as the publisher does. */
    private static RunState opened(String producer) {
        RunState run = new RunState(RunId.random());
        ScriptedBatches.publish(REDIS.probe().redis(), batch(run, 1, true, null, 1), producer);
        return run;
    }

    private List<Object> check(PublishBatch b, String producer) throws Exception {
        return DirectAppend.check(conn, CHECK, b, producer).get(5, TimeUnit.SECONDS);
    }

    /** Check, then (on go) the transaction; returns the producer's record after it, or null when not sent. */
    private String checkAndAppend(PublishBatch b, String producer) throws Exception {
        List<Object> r = check(b, producer);
        if ((Long) r.get(1) != 0) {
            DirectAppend.unwatch(conn);
            return null;
        }
        DirectAppend.Sent sent =
                DirectAppend.append(conn, b, (Long) r.get(0), producer, BrokerSettings.DEFAULTS, false);
        assertThat(sent.body().get(5, TimeUnit.SECONDS)).isEqualTo("OK");
        return sent.record().get(5, TimeUnit.SECONDS);
    }

    private static List<StreamMessage<String, String>> entries(RunState run) {
        return REDIS.probe().redis().xrange(run.keys.events, Range.create("-", "+"));
    }

    @Test
    void aDirectAppend_writesEachEnvelopeAtItsSeq_andLeavesTheRunAsThePublishScriptWould() throws Exception {
        RunState run = opened("p");
        PublishBatch b = batch(run, 2, false, null, 20);
        assertThat(check(b, "p")).containsExactly(2L, 0L);
        DirectAppend.Sent sent = DirectAppend.append(conn, b, 2, "p", BrokerSettings.DEFAULTS, false);
        assertThat(sent.body().get(5, TimeUnit.SECONDS)).isEqualTo("OK");
        assertThat(sent.record().get(5, TimeUnit.SECONDS)).isEqualTo("2:2");

        var redis = REDIS.probe().redis();
        assertThat(redis.get(run.keys.seq)).isEqualTo("21");
        List<StreamMessage<String, String>> all = entries(run);
        assertThat(all).hasSize(21);
        for (int i = 0; i < all.size(); i++) {
            Envelope e = Envelope.parse(all.get(i).getBody().get("data"));
            assertThat(all.get(i).getId()).isEqualTo((i + 1) + "-0");
            assertThat(e.seq()).isEqualTo(i + 1);
            assertThat(e.runId()).isEqualTo(run.run);
        }
        assertThat(redis.exists(run.keys.open)).isOne();
        assertThat(redis.pttl(run.keys.open)).isPositive();
        for (String key : List.of(run.keys.seq, run.keys.events, run.keys.meta)) {
            assertThat(redis.pttl(key)).as(key).isGreaterThan(redis.pttl(run.keys.open));
        }
        assertThat(redis.hget(run.keys.meta, "started_at")).isNotNull();
    }

    @Test
    void aDirectAppendOfLargeAndMultiByteEvents_storesTheExactEnvelopeBytesOfEach() throws Exception {
        RunState run = opened("p");
        Instant ts = Instant.parse("2026-12-07T05:00:00.123456Z");
        PublishBatch b = new PublishBatch(run, 2, false);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String text = i % 100 == 7 ? "x".repeat(150_000) : "é✓😀 \"q\"\n".repeat(i % 40);
            Event e = Event.of("agent.signal", Map.of("i", i, "text", text)).withPhase("phase-" + i);
            events.add(e);
            b.add(new PendingPublish(run, EnvelopeTemplate.suffix(e, ts), false, null, null, null, System.nanoTime()));
        }
        assertThat(checkAndAppend(b, "p")).isEqualTo("2:2");

        List<StreamMessage<String, String>> all = entries(run);
        assertThat(all).hasSize(601);
        for (int i = 0; i < events.size(); i++) {
            StreamMessage<String, String> m = all.get(i + 1);
            assertThat(m.getId()).isEqualTo((i + 2) + "-0");
            assertThat(m.getBody().get("data"))
                    .as("envelope at seq %d", i + 2)
                    .isEqualTo(Envelope.of(run.run, i + 2, events.get(i), ts).toJson());
        }
    }

    @Test
    void aDirectBatchResentAfterItApplied_isAnsweredWithItsFirstSeq_andAppendsNothing() throws Exception {
        RunState run = opened("p");
        PublishBatch b = batch(run, 2, false, null, 20);
        assertThat(checkAndAppend(b, "p")).isEqualTo("2:2");
        assertThat(check(b, "p")).as("the same batch again").containsExactly(2L, 1L);
        DirectAppend.unwatch(conn);
        List<Object> viaScript = ScriptedBatches.publish(REDIS.probe().redis(), b, "p");
        assertThat(viaScript).as("the same batch through the publish script").containsExactly(2L, 1L);
        assertThat(entries(run)).hasSize(21);
        assertThat(REDIS.probe().redis().get(run.keys.seq)).isEqualTo("21");
    }

    @Test
    void aRunThatMovedOnBeforeTheCheck_isReported_andNothingIsWritten() throws Exception {
        RunState mine = opened("mine");
        RunState theirs = new RunState(mine.run);
        theirs.confirmed(1);
        assertThat(checkAndAppend(batch(theirs, 1, false, null, 20), "theirs")).isEqualTo("1:2");
        PublishBatch stale = batch(mine, 2, false, null, 20);
        assertThat(check(stale, "mine")).as("expected seq 2, the run is at 21").containsExactly(21L, 2L);
        DirectAppend.unwatch(conn);
        assertThat(entries(mine)).hasSize(21);
    }

    @Test
    void aWriteBetweenTheCheckAndExec_discardsTheTransaction_andTheRecordSaysSo() throws Exception {
        RunState mine = opened("mine");
        PublishBatch b = batch(mine, 2, false, null, 20);
        assertThat(check(b, "mine")).containsExactly(2L, 0L);
        // Another producer publishes after this producer's check, before its EXEC.
        RunState theirs = new RunState(mine.run);
        theirs.confirmed(1);
        PublishBatch other = batch(theirs, 1, false, null, 3);
        ScriptedBatches.publish(REDIS.probe().redis(), other, "theirs");
        DirectAppend.Sent sent = DirectAppend.append(conn, b, 2, "mine", BrokerSettings.DEFAULTS, false);
        assertThat(sent.body().get(5, TimeUnit.SECONDS)).isEqualTo("OK");
        assertThat(sent.record().get(5, TimeUnit.SECONDS))
                .as("not applied: still the record of the batch that opened the run")
                .isEqualTo("1:1");
        List<StreamMessage<String, String>> all = entries(mine);
        assertThat(all).hasSize(4);
        assertThat(REDIS.probe().redis().get(mine.keys.seq)).isEqualTo("4");
        for (StreamMessage<String, String> m : all) {
            assertThat(Envelope.parse(m.getBody().get("data")).seq()).isEqualTo(RunKeys.seqOf(m.getId()));
        }
    }

    @Test
    void unknownAndClosedRuns_areRefusedByTheCheck_andATerminalDirectAppendClosesTheRun() throws Exception {
        RunState unknown = new RunState(RunId.random());
        assertThatThrownBy(() -> check(batch(unknown, 1, false, null, 20), "p"))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("ARENA_UNKNOWN");
        DirectAppend.unwatch(conn);
        assertThat(REDIS.probe().keys("arena:run:{" + unknown.run + "}*")).isEmpty();

        RunState run = opened("p");
        assertThat(checkAndAppend(batch(run, 2, false, RunOutcome.COMPLETE, 20), "p"))
                .isEqualTo("2:2");
        assertThat(REDIS.probe().redis().exists(run.keys.open)).as("sentinel").isZero();
        assertThat(REDIS.probe().redis().pttl(run.keys.events))
                .isLessThanOrEqualTo(
                        Math.max(1000, BrokerSettings.DEFAULTS.closedRetention().toMillis()));
        assertThatThrownBy(() -> check(batch(run, 3, false, null, 20), "p"))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("ARENA_CLOSED");
        DirectAppend.unwatch(conn);
        assertThat(entries(run)).hasSize(21);
    }

    @Test
    void twoBrokersRacingOnOneRun_getUniqueContiguousSeqs_eachInTheOrderItPublished() throws Exception {
        int each = 20_000;
        BrokerSettings settings = BrokerSettings.DEFAULTS.withStreamMaxLen(100_000);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (EventBroker a =
                        RedisStreamsBroker.connect(REDIS.server().url(), "arena-test-a", settings, Clock.systemUTC());
                EventBroker b =
                        RedisStreamsBroker.connect(REDIS.server().url(), "arena-test-b", settings, Clock.systemUTC())) {
            RunId run = RunId.random();
            a.openRun(run, Map.of()).get(10, TimeUnit.SECONDS);
            List<CompletableFuture<Void>> producers = new ArrayList<>();
            for (EventBroker broker : List.of(a, b)) {
                String who = broker == a ? "a" : "b";
                producers.add(CompletableFuture.runAsync(
                        () -> {
                            for (int i = 0; i < each; i++) {
                                broker.publish(run, Event.of("agent.signal", Map.of("who", who, "i", i)));
                            }
                            broker.flush(Duration.ofSeconds(30));
                        },
                        pool));
            }
            CompletableFuture.allOf(producers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            List<Envelope> all = a.read(run, 1, 2 * each + 10);
            assertThat(all).hasSize(2 * each + 1);
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).seq()).isEqualTo(i + 1);
            }
            for (String who : List.of("a", "b")) {
                List<Integer> order = all.stream()
                        .filter(e -> e.kind().equals("agent.signal"))
                        .map(Envelope::payload)
                        .filter(p -> p.get("who").asText().equals(who))
                        .map(p -> p.get("i").asInt())
                        .toList();
                assertThat(order).as(who).hasSize(each).isSorted();
            }
            assertThat(REDIS.probe().redis().get(RunKeys.of(run).seq)).isEqualTo(Long.toString(2L * each + 1));
        } finally {
            pool.shutdownNow();
        }
    }
}
