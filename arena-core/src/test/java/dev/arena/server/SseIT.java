package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.fixture.TestServers;
import dev.arena.json.Json;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SSE exactly as docs/api.md describes it, on both backends: real server, real okhttp-sse clients, real Redis. */
class SseIT {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    static Request events(ServerFixture fx, RunId run, String query) {
        return new Request.Builder()
                .url(fx.url("/events?run_id=" + run + query))
                .build();
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void stream_historyThenLiveTail_thenEnd(TestBackend backend) throws Exception {
        EventBroker broker = servers.broker(backend, BrokerSettings.DEFAULTS);
        ServerFixture fx = servers.start(broker, b -> {});
        RunId run = Runs.open(broker, 4);

        SseRecorder sse = SseRecorder.open(fx.http, events(fx, run, ""));
        Response open = sse.assertOpen();
        assertThat(open.header("Content-Type")).isEqualToIgnoringCase("text/event-stream; charset=utf-8");
        assertThat(open.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(open.header("X-Accel-Buffering")).isEqualTo("no");
        for (long seq = 1; seq <= 5; seq++) {
            SseRecorder.Item e = sse.assertEvent();
            assertThat(e.id()).isEqualTo(Long.toString(seq));
        }
        Runs.publish(broker, run, 3);
        broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join();

        List<SseRecorder.Item> rest = sse.eventsUntilClosed();
        assertThat(rest).extracting(SseRecorder.Item::id).containsExactly("6", "7", "8", "9", "9");
        assertThat(rest.get(3).event()).isEqualTo("run.complete");
        assertThat(rest.get(4).event()).isEqualTo("end");
        JsonNode end = Json.parse(rest.get(4).data());
        assertThat(end.path("last_seq").asLong()).isEqualTo(9);
        assertThat(end.path("status").asText()).isEqualTo("complete");
        List<Envelope> stored = broker.read(run, 6, 10);
        assertThat(rest.subList(0, 4))
                .extracting(SseRecorder.Item::data)
                .containsExactlyElementsOf(stored.stream().map(Envelope::toJson).toList());
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void resume_fromLastEventIdHeader_queryAndFromSeq(TestBackend backend) throws Exception {
        EventBroker broker = servers.broker(backend, BrokerSettings.DEFAULTS);
        ServerFixture fx = servers.start(broker, b -> {});
        RunId run = Runs.finished(broker, 10);

        SseRecorder byHeader = SseRecorder.open(
                fx.http,
                events(fx, run, "&from_seq=2")
                        .newBuilder()
                        .header("Last-Event-ID", "7")
                        .build());
        byHeader.assertOpen();
        List<SseRecorder.Item> afterHeader = byHeader.eventsUntilClosed();
        assertResumedExactlyAt(afterHeader.get(0), 8);
        assertThat(afterHeader.subList(1, afterHeader.size()))
                .extracting(SseRecorder.Item::id)
                .containsExactly("8", "9", "10", "11", "12", "12");

        SseRecorder byQuery = SseRecorder.open(fx.http, events(fx, run, "&last_event_id=10"));
        byQuery.assertOpen();
        List<SseRecorder.Item> afterQuery = byQuery.eventsUntilClosed();
        assertResumedExactlyAt(afterQuery.get(0), 11);
        assertThat(afterQuery.subList(1, afterQuery.size()))
                .extracting(SseRecorder.Item::id)
                .containsExactly("11", "12", "12");

        SseRecorder byFromSeq = SseRecorder.open(fx.http, events(fx, run, "&from_seq=12"));
        byFromSeq.assertOpen();
        assertThat(byFromSeq.eventsUntilClosed())
                .extracting(SseRecorder.Item::event)
                .containsExactly("resumed", "run.complete", "end");

        SseRecorder fromStart = SseRecorder.open(fx.http, events(fx, run, ""));
        fromStart.assertOpen();
        assertThat(fromStart.assertEvent().event())
                .as("a reader that asked for no position gets no resume outcome")
                .isEqualTo("run.start");
        fromStart.cancel();
    }

    /** The first frame after a resume says it continues exactly at {@code seq}, and carries no id. */
    private static void assertResumedExactlyAt(SseRecorder.Item item, long seq) {
        assertThat(item.event()).isEqualTo("resumed");
        JsonNode data = Json.parse(item.data());
        assertThat(data.path("from_seq").asLong()).isEqualTo(seq);
        assertThat(data.path("resumed").asBoolean()).isTrue();
        assertThat(data.path("available_from").asLong()).isEqualTo(seq);
        assertThat(data.has("reason")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void reconnect_toFinishedRunPastItsEnd_is204(TestBackend backend) throws Exception {
        EventBroker broker = servers.broker(backend, BrokerSettings.DEFAULTS);
        ServerFixture fx = servers.start(broker, b -> {});
        RunId run = Runs.finished(broker, 2);

        ServerFixture.Answer atEnd = fx.call(
                events(fx, run, "").newBuilder().header("Last-Event-ID", "4").build());
        assertThat(atEnd.status()).isEqualTo(204);
        assertThat(atEnd.body()).isEmpty();
        assertThat(fx.get("/events?run_id=" + run + "&from_seq=99").status()).isEqualTo(204);
        ServerFixture.Answer unknown = fx.get("/events?run_id=" + RunId.random());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asText()).isEqualTo("not_found");
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void overflow_frameThenBrowserStyleResumeAtAvailableFrom(TestBackend backend) throws Exception {
        EventBroker broker = servers.broker(backend, BrokerSettings.DEFAULTS.withStreamMaxLen(10));
        ServerFixture fx = servers.start(
                broker,
                b -> b.archiveInterval(Duration.ofHours(1))); // nothing archived: the store lacks the trimmed seqs too
        RunId run = Runs.open(broker, 400);
        long head = broker.run(run).orElseThrow().headSeq();
        assertThat(head).isGreaterThan(1);

        SseRecorder first = SseRecorder.open(fx.http, events(fx, run, "&from_seq=1"));
        first.assertOpen();
        List<SseRecorder.Item> got = first.eventsUntilClosed();
        assertThat(got).hasSize(2);
        assertThat(got.get(0).event()).isEqualTo("resumed");
        JsonNode outcome = Json.parse(got.get(0).data());
        assertThat(outcome.path("resumed").asBoolean())
                .as("from_seq=1 was trimmed")
                .isFalse();
        assertThat(outcome.path("reason").asText()).isEqualTo("trimmed");
        assertThat(outcome.path("available_from").asLong()).isGreaterThanOrEqualTo(head);
        got = got.subList(1, 2);
        assertThat(got).singleElement().satisfies(o -> {
            assertThat(o.event()).isEqualTo("overflow");
            JsonNode data = Json.parse(o.data());
            assertThat(data.path("requested").asLong()).isEqualTo(1);
            assertThat(data.path("available_from").asLong()).isGreaterThanOrEqualTo(head);
            assertThat(data.path("reason").asText()).isEqualTo("trimmed");
            assertThat(o.id())
                    .isEqualTo(Long.toString(data.path("available_from").asLong() - 1));
        });

        // A browser reconnects by itself with Last-Event-ID = the overflow frame's id.
        String lastId = got.get(0).id();
        long availableFrom = Long.parseLong(lastId) + 1;
        SseRecorder resumed = SseRecorder.open(
                fx.http,
                events(fx, run, "").newBuilder().header("Last-Event-ID", lastId).build());
        resumed.assertOpen();
        assertThat(resumed.assertEvent().event()).isEqualTo("resumed");
        assertThat(resumed.assertEvent().id()).isEqualTo(Long.toString(availableFrom));
        broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join();
        List<SseRecorder.Item> rest = resumed.eventsUntilClosed();
        assertThat(rest.get(rest.size() - 1).event()).isEqualTo("end");
        assertThat(rest.get(rest.size() - 2).id()).isEqualTo("402");
        assertThat(fx.get("/metrics").json().path("streams_dropped").asLong()).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void heartbeat_forCurlWithoutAcceptHeader(TestBackend backend) throws Exception {
        EventBroker broker = servers.broker(backend, BrokerSettings.DEFAULTS);
        ServerFixture fx = servers.start(broker, b -> b.heartbeat(Duration.ofMillis(200)));
        RunId run = Runs.open(broker, 0);

        Request curl =
                new Request.Builder().url(fx.url("/events?run_id=" + run)).build();
        assertThat(curl.header("Accept")).isNull();
        try (Response r = fx.http.newCall(curl).execute()) {
            assertThat(r.code()).isEqualTo(200);
            BufferedSource body = r.body().source();
            assertThat(body.readUtf8Line()).isEqualTo(": arena stream " + run + " from 1");
            assertThat(body.readUtf8Line()).isEmpty();
            assertThat(body.readUtf8Line()).isEqualTo("id: 1");
            assertThat(body.readUtf8Line()).isEqualTo("event: run.start");
            assertThat(body.readUtf8Line()).startsWith("data: {\"schema_version\":\"1\",\"run_id\":\"" + run);
            assertThat(body.readUtf8Line()).isEmpty();
            assertThat(body.readUtf8Line()).startsWith(": heartbeat ");
            assertThat(body.readUtf8Line()).isEmpty();
            assertThat(body.readUtf8Line()).startsWith(": heartbeat ");
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void clientThatNeverReads_isEvicted_withBoundedServerBuffer(TestBackend backend) throws Exception {
        EventBroker broker = servers.broker(backend, BrokerSettings.DEFAULTS);
        int batch = 16 * 1024;
        ServerFixture fx = servers.start(
                broker, b -> b.stallTimeout(Duration.ofMillis(500)).sseBatchBytes(batch));
        RunId run = Runs.open(broker, 0);
        int clients = 4;
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Socket s = new Socket();
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", fx.server.port()));
            OutputStream out = s.getOutputStream();
            out.write(("GET /events?run_id=" + run + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sockets.add(s);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.server.hub().size() == clients);
        long droppedBefore = broker.metrics().streamsDropped();

        String pad = "x".repeat(2000);
        AtomicLong maxBuffered = new AtomicLong();
        for (int i = 0; i < 3000 && fx.server.hub().size() > 0; i++) {
            broker.publish(run, Event.of("agent.signal", Map.of("i", i, "pad", pad)));
            if (i % 50 == 0) {
                maxBuffered.accumulateAndGet(fx.server.hub().bufferedBytes(), Math::max);
            }
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> fx.server.hub().size() == 0);
        assertThat(broker.metrics().streamsDropped() - droppedBefore).isEqualTo(clients);
        assertThat(maxBuffered.get()).isLessThanOrEqualTo((long) clients * (batch + 4096));
        assertThat(fx.get("/runs/" + run).json().path("subscribers").asInt()).isZero();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
