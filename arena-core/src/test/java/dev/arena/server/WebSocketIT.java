package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.Envelope;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.fixture.TestServers;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * WebSocket readers at {@code /ws} (docs/api.md, "WebSocket"): each event frame is exactly the
 * envelope SSE sends as {@code data:}, control frames carry {@code type}, resume follows SSE's rules
 * on both backends and across servers over one Redis, bad messages get {@code error} frames, and
 * the edge refuses what it refuses for SSE.
 */
class WebSocketIT {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @TempDir
    Path dir;

    private final OkHttpClient http =
            new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();

    private static String ws(ServerFixture fx, String pathAndQuery) {
        return fx.url(pathAndQuery).replaceFirst("^http", "ws");
    }

    private ServerFixture server(TestBackend backend, String name) throws Exception {
        EventBroker broker = servers.broker(backend, BrokerSettings.DEFAULTS);
        Map<String, String> env = new HashMap<>();
        if (backend != TestBackend.INPROCESS) {
            env.put("ARENA_BROKER_BACKEND", "redis");
            env.put("REDIS_URL", servers.redis().url());
        }
        env.put("ARENA_DB", dir.resolve(name + ".duckdb").toString());
        return servers.start(broker, env, b -> {});
    }

    @ParameterizedTest
    @EnumSource(
            value = TestBackend.class,
            names = {"INPROCESS", "REDIS"})
    void shortFormResume_sendsSubscribedResumed_thenTheEnvelopesSseSends_thenEnd(TestBackend backend) throws Exception {
        ServerFixture fx = server(backend, "a");
        EventBroker broker = fx.server.broker();
        RunId run = Runs.finished(broker, 5); // seq 1..7
        List<Envelope> original = broker.read(run, 1, 100);

        WsRecorder ws = WsRecorder.open(http, ws(fx, "/ws?run_id=" + run + "&last_event_id=3"));
        JsonNode subscribed = ws.nextControl("subscribed");
        assertThat(subscribed.path("run_id").asText()).isEqualTo(run.value());
        assertThat(subscribed.path("from_seq").asLong()).isEqualTo(4);
        JsonNode resumed = ws.nextControl("resumed");
        assertThat(resumed.path("resumed").asBoolean()).isTrue();
        assertThat(resumed.path("available_from").asLong()).isEqualTo(4);
        for (Envelope e : original.subList(3, 7)) {
            assertThat(ws.next()).as("exactly the SSE data of seq " + e.seq()).isEqualTo(e.toJson());
        }
        JsonNode end = ws.nextControl("end");
        assertThat(end.path("run_id").asText()).isEqualTo(run.value());
        assertThat(end.path("last_seq").asLong()).isEqualTo(7);
        assertThat(end.path("status").asText()).isEqualTo("complete");
    }

    @ParameterizedTest
    @EnumSource(
            value = TestBackend.class,
            names = {"INPROCESS", "REDIS"})
    void oneSocketCarriesSeveralRuns_liveEventsArrive_andUnsubscribeStopsOne(TestBackend backend) throws Exception {
        ServerFixture fx = server(backend, "a");
        EventBroker broker = fx.server.broker();
        RunId a = Runs.open(broker, 1); // 1..2
        RunId b = Runs.open(broker, 1);

        WsRecorder ws = WsRecorder.open(http, ws(fx, "/ws"));
        ws.send("{\"type\":\"subscribe\",\"run_id\":\"" + a + "\"}");
        assertThat(ws.nextControl("subscribed").path("run_id").asText()).isEqualTo(a.value());
        assertThat(ws.nextJson().path("seq").asLong()).isEqualTo(1);
        assertThat(ws.nextJson().path("seq").asLong()).isEqualTo(2);
        ws.send("{\"type\":\"subscribe\",\"run_id\":\"" + b + "\",\"from_seq\":2}");
        assertThat(ws.nextControl("subscribed").path("run_id").asText()).isEqualTo(b.value());
        assertThat(ws.nextControl("resumed").path("resumed").asBoolean()).isTrue();
        JsonNode bSecond = ws.nextJson();
        assertThat(bSecond.path("run_id").asText()).isEqualTo(b.value());
        assertThat(bSecond.path("seq").asLong()).isEqualTo(2);

        Runs.publish(broker, a, 1); // a: 3 (live)
        JsonNode live = ws.nextJson();
        assertThat(live.path("run_id").asText()).isEqualTo(a.value());
        assertThat(live.path("seq").asLong()).isEqualTo(3);
        assertThat(live.has("type")).as("envelopes never carry type").isFalse();

        ws.send("{\"type\":\"unsubscribe\",\"run_id\":\"" + a + "\"}");
        assertThat(ws.nextControl("unsubscribed").path("run_id").asText()).isEqualTo(a.value());
        Runs.publish(broker, a, 1);
        Runs.publish(broker, b, 1);
        JsonNode next = ws.nextJson();
        assertThat(next.path("run_id").asText()).as("only b is still carried").isEqualTo(b.value());
        assertThat(next.path("seq").asLong()).isEqualTo(3);
        ws.socket.close(1000, null);
    }

    @Test
    void resumeOnAnotherServerOverOneRedis_continuesAfterTheLastEventId_noGapNoDuplicate() throws Exception {
        ServerFixture a = server(TestBackend.REDIS, "a");
        ServerFixture b = server(TestBackend.REDIS, "b");
        EventBroker producer = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS);
        RunId run = Runs.open(producer, 9); // 1..10

        WsRecorder onA = WsRecorder.open(http, ws(a, "/ws?run_id=" + run));
        onA.nextControl("subscribed");
        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(onA.nextJson().path("seq").asLong());
        }
        onA.socket.close(1000, "moving");

        Runs.publish(producer, run, 5); // 11..15 while away
        WsRecorder onB = WsRecorder.open(http, ws(b, "/ws?run_id=" + run + "&last_event_id=" + seen.get(5)));
        onB.nextControl("subscribed");
        assertThat(onB.nextControl("resumed").path("resumed").asBoolean()).isTrue();
        producer.closeRun(run, RunOutcome.COMPLETE, Map.of())
                .orTimeout(10, TimeUnit.SECONDS)
                .join(); // 16
        while (true) {
            JsonNode n = onB.nextJson();
            if (n.has("type")) {
                assertThat(n.path("type").asText()).isEqualTo("end");
                break;
            }
            seen.add(n.path("seq").asLong());
        }
        assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L);
    }

    @Test
    void resumeBelowRetention_saysNotResumed_thenOverflowWithWhereToContinue() throws Exception {
        EventBroker broker = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS.withStreamMaxLen(10));
        ServerFixture fx = servers.start(
                broker,
                Map.of("ARENA_DB", dir.resolve("t.duckdb").toString()),
                builder ->
                        // nothing archived: the store lacks the trimmed seqs too
                        builder.archiveInterval(Duration.ofHours(1)));
        RunId run = Runs.open(broker, 40);
        long head = broker.run(run).orElseThrow().headSeq();

        WsRecorder ws = WsRecorder.open(http, ws(fx, "/ws?run_id=" + run + "&from_seq=2"));
        ws.nextControl("subscribed");
        JsonNode resumed = ws.nextControl("resumed");
        assertThat(resumed.path("resumed").asBoolean()).isFalse();
        assertThat(resumed.path("reason").asText()).isEqualTo("trimmed");
        assertThat(resumed.path("available_from").asLong()).isEqualTo(head);
        JsonNode overflow = ws.nextControl("overflow");
        assertThat(overflow.path("run_id").asText()).isEqualTo(run.value());
        assertThat(overflow.path("available_from").asLong()).isEqualTo(head);
    }

    @Test
    void malformedUnknownTypeAndUnknownRun_getErrorFrames_andTheSocketStaysOpen() throws Exception {
        ServerFixture fx = server(TestBackend.INPROCESS, "a");
        RunId run = Runs.open(fx.server.broker(), 1);
        WsRecorder ws = WsRecorder.open(http, ws(fx, "/ws"));

        ws.send("{not json");
        JsonNode malformed = ws.nextControl("error");
        assertThat(malformed.path("code").asText()).isEqualTo("bad_request");
        assertThat(malformed.path("message").asText()).contains("not JSON");

        ws.send("{\"type\":\"subscribe_all\"}");
        JsonNode unknownType = ws.nextControl("error");
        assertThat(unknownType.path("code").asText()).isEqualTo("unknown_type");
        assertThat(unknownType.path("message").asText())
                .contains("subscribe_all")
                .contains("unsubscribe");

        RunId unknown = RunId.random();
        ws.send("{\"type\":\"subscribe\",\"run_id\":\"" + unknown + "\"}");
        JsonNode unknownRun = ws.nextControl("error");
        assertThat(unknownRun.path("code").asText()).isEqualTo("not_found");
        assertThat(unknownRun.path("run_id").asText()).isEqualTo(unknown.value());

        ws.send("{\"type\":\"subscribe\",\"run_id\":\"" + run + "\",\"last_event_id\":-1}");
        assertThat(ws.nextControl("error").path("message").asText()).contains("last_event_id");

        ws.send("{\"type\":\"subscribe\",\"run_id\":\"" + run + "\"}");
        assertThat(ws.nextControl("subscribed").path("run_id").asText()).isEqualTo(run.value());
        assertThat(ws.nextJson().path("seq").asLong()).isEqualTo(1);
    }

    @Test
    void aClientFrameOverTheLimit_closesTheSocketWith1009() throws Exception {
        ServerFixture fx = server(TestBackend.INPROCESS, "a");
        WsRecorder ws = WsRecorder.open(http, ws(fx, "/ws"));
        ws.opened.get(10, TimeUnit.SECONDS);
        ws.send("{\"type\":\"subscribe\",\"run_id\":\"" + "x".repeat(8192) + "\"}");
        assertThat(ws.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
    }

    @Test
    void crossSiteOriginIsRefusedAtTheUpgrade_sameOriginIsAccepted() throws Exception {
        ServerFixture fx = server(TestBackend.INPROCESS, "a");
        WsRecorder evil = WsRecorder.open(
                http,
                new Request.Builder()
                        .url(ws(fx, "/ws"))
                        .header("Origin", "https://evil.example")
                        .build());
        Response refused = evil.failure.get(10, TimeUnit.SECONDS);
        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo(403);

        WsRecorder own = WsRecorder.open(
                http,
                new Request.Builder()
                        .url(ws(fx, "/ws"))
                        .header("Origin", fx.url())
                        .build());
        assertThat(own.opened.get(10, TimeUnit.SECONDS).code()).isEqualTo(101);
        own.socket.close(1000, null);
    }

    @Test
    void aPlainGetWithoutUpgrade_gets426WithAJsonError() throws Exception {
        ServerFixture fx = server(TestBackend.INPROCESS, "a");
        ServerFixture.Answer answer = fx.get("/ws");
        assertThat(answer.status()).isEqualTo(426);
        assertThat(answer.json().path("error").asText()).isEqualTo("upgrade_required");
        assertThat(answer.json().path("detail").asText()).contains("WebSocket");
    }

    @Test
    void aReaderThatNeverReads_isEvicted_andCountedAsDroppedWebSocket() throws Exception {
        EventBroker broker = servers.broker(TestBackend.INPROCESS, BrokerSettings.DEFAULTS);
        ServerFixture fx = servers.start(
                broker, Map.of(), b -> b.stallTimeout(Duration.ofMillis(500)).heartbeat(Duration.ofSeconds(30)));
        RunId run = Runs.open(broker, 0);
        try (Socket raw = new Socket("127.0.0.1", fx.server.port())) {
            raw.setReceiveBufferSize(4096);
            RawWebSocket.requestUpgrade(raw, fx.server.port(), "run_id=" + run);
            InputStream in = raw.getInputStream();
            byte[] head = new byte[12];
            assertThat(in.readNBytes(head, 0, 12)).isEqualTo(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
            // from here on the client reads nothing while the run produces megabytes
            String big = "y".repeat(16_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (int i = 0; i < 50; i++) {
                    broker.publish(run, dev.arena.broker.Event.of("agent.signal", Map.of("text", big)));
                }
                return fx.get("/metrics/prometheus")
                        .body()
                        .contains("arena_streams_dropped_total{transport=\"ws\"} 1.0");
            });
            assertThat(fx.get("/metrics/prometheus").body())
                    .contains("arena_streams_dropped_total{transport=\"sse\"} 0.0");
        }
    }

    /**
     * A send can only fail because the connection failed, and Jetty tells the session so (its error and close) before
     * it fails the send's callback: the reader is ended at once — its subscription released, no send retried — and it
     * is not counted as dropped, since it went away rather than fell behind. The three-failed-sends rule cannot be
     * reached behind Jetty (docs/decisions.md, "A WebSocket reader's failed sends").
     */
    @Test
    void aReaderResetWhileASendIsPending_isEndedAtOnce_withoutRetries_andIsNotCountedAsDropped() throws Exception {
        EventBroker broker = servers.broker(TestBackend.INPROCESS, BrokerSettings.DEFAULTS);
        // neither a stalled send nor a missing pong may end the reader here: only the reset
        ServerFixture fx = servers.start(
                broker, Map.of(), b -> b.stallTimeout(Duration.ofSeconds(120)).heartbeat(Duration.ofSeconds(120)));
        RunId run = Runs.open(broker, 0);
        try (Socket raw = new Socket()) {
            raw.setReceiveBufferSize(4096);
            raw.connect(new InetSocketAddress("127.0.0.1", fx.server.port()));
            RawWebSocket.requestUpgrade(raw, fx.server.port(), "run_id=" + run);
            byte[] head = new byte[12];
            assertThat(raw.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
            // 6.4 MB the client never reads: more than its 4 KiB window and the server's largest send buffer
            // (4 MiB) hold, so the server's send of them cannot complete
            String big = "y".repeat(16_000);
            for (int i = 0; i < 400; i++) {
                broker.publish(run, dev.arena.broker.Event.of("agent.signal", Map.of("text", big)));
            }
            broker.flush(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode readers = fx.get("/debug/readers").json().path("readers");
                return readers.size() == 1
                        && readers.get(0).path("buffered_bytes").asLong() > 0
                        && readers.get(0).path("lag_events").asLong() > 0;
            });
            raw.setSoLinger(true, 0); // close() now sends a reset: the pending send fails
        }
        await().atMost(Duration.ofSeconds(15))
                .until(() -> fx.get("/debug/readers").json().path("readers").isEmpty());
        assertThat(broker.run(run).orElseThrow().subscribers()).isZero();
        assertThat(fx.get("/metrics/prometheus").body()).contains("arena_streams_dropped_total{transport=\"ws\"} 0.0");
    }

    @Test
    void theLiveFeed_tellsOfRunsOpeningAndEnding() throws Exception {
        ServerFixture fx = server(TestBackend.INPROCESS, "a");
        EventBroker broker = fx.server.broker();
        WsRecorder ws = WsRecorder.open(http, ws(fx, "/ws"));
        ws.send("{\"type\":\"subscribe\",\"runs\":\"live\"}");
        assertThat(ws.nextControl("subscribed").path("runs").asText()).isEqualTo("live");

        RunId run = Runs.open(broker, 0);
        JsonNode opened = ws.nextControl("run");
        assertThat(opened.path("event").asText()).isEqualTo("opened");
        assertThat(opened.path("run_id").asText()).isEqualTo(run.value());
        assertThat(opened.path("status").asText()).isEqualTo("running");

        broker.closeRun(run, RunOutcome.COMPLETE, Map.of())
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        JsonNode ended = ws.nextControl("run");
        assertThat(ended.path("event").asText()).isEqualTo("ended");
        assertThat(ended.path("run_id").asText()).isEqualTo(run.value());
        assertThat(ended.path("status").asText()).isEqualTo("complete");
    }

    @Test
    void aPeerThatAnswersNoPing_isPingedThenCutOff() throws Exception {
        EventBroker broker = servers.broker(TestBackend.INPROCESS, BrokerSettings.DEFAULTS);
        ServerFixture fx = servers.start(broker, Map.of(), b -> b.heartbeat(Duration.ofMillis(200)));
        try (Socket raw = new Socket("127.0.0.1", fx.server.port())) {
            raw.setSoTimeout(20_000);
            RawWebSocket.requestUpgrade(raw, fx.server.port(), "");
            byte[] all = raw.getInputStream().readAllBytes(); // until the server cuts the connection
            String text = new String(all, StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("HTTP/1.1 101");
            int body = text.indexOf("\r\n\r\n") + 4;
            assertThat(all[body] & 0xff).as("a ping frame (FIN + opcode 9)").isEqualTo(0x89);
        }
    }

    @Test
    void serverShutdown_closesSocketsWith1001_soReadersReconnectElsewhere() throws Exception {
        ServerFixture fx = server(TestBackend.INPROCESS, "a");
        RunId run = Runs.open(fx.server.broker(), 0);
        WsRecorder ws = WsRecorder.open(http, ws(fx, "/ws?run_id=" + run));
        ws.nextControl("subscribed");
        assertThat(ws.nextJson().path("seq").asLong()).isEqualTo(1);

        fx.server.close();

        assertThat(ws.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1001);
    }
}
