package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.fixture.TestServers;
import dev.arena.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * An overflow frame says why the reader cannot have what it asked for, so that no reader is told to
 * resume at a seq that will never exist (Redis lost an open run's keys: restart without
 * persistence, FLUSHALL): {@code trimmed} (resume at
 * {@code available_from}) or {@code lost} (no {@code id}, {@code available_from} null), and a lost
 * run is logged once at WARN and counted in {@code /metrics} {@code runs_lost}.
 */
class OverflowSaysLostOrTrimmedIT {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLogs() {
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void releaseLogs() {
        root.detachAppender(logged);
    }

    @Test
    void flushAllMidStream_readerSeesOverflowReasonLost_serverWarnsOnce() throws Exception {
        EventBroker broker = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS);
        // nothing archived, so the lost run is gone everywhere (ReadingAcrossTiersIT serves an archived part)
        ServerFixture fx = servers.start(broker, b -> b.archiveInterval(Duration.ofHours(1)));
        RunId run = Runs.open(broker, 3);
        SseRecorder reader = SseRecorder.open(fx.http, events(fx, run));
        SseRecorder second = SseRecorder.open(fx.http, events(fx, run));
        CompletableFuture<ServerFixture.Answer> raw = CompletableFuture.supplyAsync(() -> {
            try {
                return fx.call(events(fx, run));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        for (SseRecorder r : List.of(reader, second)) {
            r.assertOpen();
            for (int seq = 1; seq <= 4; seq++) {
                assertThat(r.assertEvent().id()).isEqualTo(Integer.toString(seq));
            }
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fx.get("/runs/" + run).json().path("subscribers").asInt() == 3);

        servers.redis().flushAll(); // as a Redis restarted without persistence looks to the server

        for (SseRecorder r : List.of(reader, second)) {
            List<SseRecorder.Item> rest = r.eventsUntilClosed();
            assertThat(rest).singleElement().satisfies(o -> {
                assertThat(o.event()).isEqualTo("overflow");
                assertThat(o.id())
                        .as("no id line: the client's last id stays the last event it got")
                        .isEqualTo("4");
                JsonNode data = Json.parse(o.data());
                assertThat(data.path("reason").asText()).isEqualTo("lost");
                assertThat(data.has("available_from")).isTrue();
                assertThat(data.get("available_from").isNull()).as(o.data()).isTrue();
                assertThat(data.path("requested").asLong()).isEqualTo(5);
            });
        }
        assertThat(raw.get(20, TimeUnit.SECONDS).body())
                .as("the frame on the wire")
                .endsWith(
                        "\n\nevent: overflow\ndata: {\"available_from\":null,\"requested\":5,\"reason\":\"lost\"}\n\n");
        assertThat(fx.get("/metrics").json().path("runs_lost").asLong()).isEqualTo(1);
        List<ILoggingEvent> warnings = logged.list.stream()
                .filter(e ->
                        e.getLevel() == Level.WARN && e.getFormattedMessage().contains("was LOST"))
                .toList();
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w.getFormattedMessage())
                .contains(run.value())
                .contains("without persistence")
                .contains("FLUSHALL")
                .contains("runbooks/redis-operations.md"));
        assertThat(fx.get("/events?run_id=" + run).status())
                .as("the run is gone")
                .isEqualTo(404);
    }

    @Test
    void readerBehindRetention_seesOverflowReasonTrimmed_withAvailableFrom() throws Exception {
        EventBroker broker = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS.withStreamMaxLen(10));
        ServerFixture fx = servers.start(
                broker,
                b -> b.archiveInterval(Duration.ofHours(1))); // nothing archived: the store lacks the trimmed seqs too
        RunId run = Runs.open(broker, 400);
        long head = broker.run(run).orElseThrow().headSeq();
        assertThat(head).isGreaterThan(1);

        SseRecorder reader = SseRecorder.open(fx.http, events(fx, run));
        reader.assertOpen();
        assertThat(reader.eventsUntilClosed()).singleElement().satisfies(o -> {
            assertThat(o.event()).isEqualTo("overflow");
            JsonNode data = Json.parse(o.data());
            assertThat(data.path("reason").asText()).isEqualTo("trimmed");
            assertThat(data.path("requested").asLong()).isEqualTo(1);
            assertThat(data.path("available_from").asLong()).isEqualTo(head);
            assertThat(o.id()).isEqualTo(Long.toString(head - 1));
        });
        assertThat(fx.get("/metrics").json().path("runs_lost").asLong()).isZero();
        assertThat(logged.list).noneMatch(e -> e.getFormattedMessage().contains("was LOST"));
    }

    @Test
    void streamDeletedWhileTheProducerGoesOn_aReaderOfTheOlderSeqsSeesLost_notTrimmed() throws Exception {
        EventBroker broker = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS);
        // nothing archived: only the broker could have held seqs 1..21
        ServerFixture fx = servers.start(broker, b -> b.archiveInterval(Duration.ofHours(1)));
        RunId run = Runs.open(broker, 20);
        assertThat(servers.redis().command("DEL", "arena:run:{" + run + "}:events"))
                .isEqualTo(":1");
        Runs.publish(broker, run, 10); // the producer goes on: seqs 22..31 in a new stream

        SseRecorder fromStart = SseRecorder.open(fx.http, events(fx, run));
        fromStart.assertOpen();
        List<SseRecorder.Item> items = fromStart.eventsUntilClosed();
        assertThat(items).extracting(SseRecorder.Item::event).containsExactly("overflow");
        JsonNode data = Json.parse(items.get(0).data());
        assertThat(data.path("reason").asText()).as(data.toString()).isEqualTo("lost");
        assertThat(data.path("requested").asLong()).isEqualTo(1);

        SseRecorder fromNewStream = SseRecorder.open(
                fx.http,
                new Request.Builder()
                        .url(fx.url("/events?run_id=" + run + "&from_seq=22"))
                        .build());
        fromNewStream.assertOpen();
        fromNewStream.assertEvent(); // resumed
        assertThat(fromNewStream.assertEvent().id())
                .as("what the new stream holds is served")
                .isEqualTo("22");
        fromNewStream.cancel();
    }

    private static Request events(ServerFixture fx, RunId run) {
        return new Request.Builder().url(fx.url("/events?run_id=" + run)).build();
    }
}
