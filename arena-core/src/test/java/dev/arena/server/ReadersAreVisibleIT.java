package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.fixture.TestServers;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /debug/readers} lists every reader of a server — SSE and WebSocket — with its position and lag in each
 * run, the furthest behind first, and a reader that stops reading shows as falling behind; Prometheus counts readers
 * by transport and labels the delivery lag by transport.
 */
class ReadersAreVisibleIT {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private final OkHttpClient http =
            new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();

    private static List<JsonNode> readers(ServerFixture fx) throws Exception {
        ServerFixture.Answer a = fx.get("/debug/readers");
        assertThat(a.status()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        a.json().path("readers").forEach(out::add);
        return out;
    }

    @Test
    void everyReaderIsListedWithTransportPositionAndLag() throws Exception {
        EventBroker broker = servers.broker(TestBackend.INPROCESS, BrokerSettings.DEFAULTS);
        // a short heartbeat, so a reader that hangs up is noticed (and leaves the list) at the next one
        ServerFixture fx = servers.start(broker, Map.of(), b -> b.heartbeat(Duration.ofMillis(200)));
        RunId run = Runs.open(broker, 4); // seq 1..5

        SseRecorder sse = SseRecorder.open(
                http, new Request.Builder().url(fx.url("/events?run_id=" + run)).build());
        WsRecorder ws = WsRecorder.open(http, fx.url("/ws?run_id=" + run).replaceFirst("^http", "ws"));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<JsonNode> all = readers(fx);
            assertThat(all).extracting(r -> r.path("transport").asText()).containsExactlyInAnyOrder("sse", "ws");
            for (JsonNode r : all) {
                JsonNode position = r.path("runs").get(0);
                assertThat(position.path("run_id").asText()).isEqualTo(run.value());
                assertThat(position.path("last_seq").asLong()).isEqualTo(5);
                assertThat(position.path("head_seq").asLong()).isEqualTo(5);
                assertThat(r.path("lag_events").asLong()).isZero();
                assertThat(r.path("falling_behind").asBoolean()).isFalse();
                assertThat(r.path("who").asText()).contains("127.0.0.1");
                assertThat(r.path("connected_at").asText()).isNotBlank();
            }
        });

        String metrics = fx.get("/metrics/prometheus").body();
        assertThat(metrics)
                .contains("arena_readers{transport=\"sse\"} 1.0")
                .contains("arena_readers{transport=\"ws\"} 1.0")
                .contains("arena_sse_delivery_lag_seconds_count{transport=\"sse\"} 5")
                .contains("arena_sse_delivery_lag_seconds_count{transport=\"ws\"} 5");

        ws.socket.close(1000, "done");
        sse.close();
        await().atMost(Duration.ofSeconds(15)).until(() -> readers(fx).isEmpty());
    }

    @Test
    void aReaderThatStopsReading_fallsBehind_andIsListedFirst() throws Exception {
        EventBroker broker = servers.broker(TestBackend.INPROCESS, BrokerSettings.DEFAULTS);
        // no eviction during the test: the stalled reader must stay to be seen falling behind
        ServerFixture fx = servers.start(
                broker, Map.of(), b -> b.stallTimeout(Duration.ofMinutes(5)).heartbeat(Duration.ofSeconds(30)));
        RunId run = Runs.open(broker, 0);
        SseRecorder reading = SseRecorder.open(
                http, new Request.Builder().url(fx.url("/events?run_id=" + run)).build());

        try (Socket raw = new Socket("127.0.0.1", fx.server.port())) {
            raw.setReceiveBufferSize(4096);
            OutputStream out = raw.getOutputStream();
            out.write(("GET /events?run_id=" + run + " HTTP/1.1\r\nHost: 127.0.0.1:" + fx.server.port()
                            + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = raw.getInputStream();
            assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            // from here on this reader reads nothing while the run produces megabytes
            String big = "z".repeat(16_000);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        for (int i = 0; i < 20; i++) {
                            broker.publish(run, Event.of("agent.signal", Map.of("text", big)));
                        }
                        List<JsonNode> all = readers(fx);
                        return all.size() == 2
                                && all.get(0).path("falling_behind").asBoolean();
                    });

            List<JsonNode> all = readers(fx);
            JsonNode stalled = all.get(0);
            assertThat(stalled.path("transport").asText()).isEqualTo("sse");
            assertThat(stalled.path("lag_events").asLong()).isPositive();
            assertThat(stalled.path("lag_seconds").asDouble())
                    .isGreaterThanOrEqualTo(fx.get("/debug/readers")
                            .json()
                            .path("falling_behind_after_seconds")
                            .asDouble());
            assertThat(all.get(1).path("lag_seconds").asDouble())
                    .isLessThanOrEqualTo(stalled.path("lag_seconds").asDouble());
        } finally {
            reading.close();
        }
    }
}
