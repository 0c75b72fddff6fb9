package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.fixture.TestServers;
import dev.arena.json.Json;
import dev.arena.testkit.PostgresServer;
import dev.arena.testkit.PrivatePostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One read path over both tiers (docs/design.md, "Tiered history"): a reader asking for seqs older than the
 * broker retains gets them from the store and continues live at the exact next seq — from seq 1, mid-archive
 * and at the tier boundary, over SSE and WebSocket, on both backends, on DuckDB and on PostgreSQL, on a
 * server other than the one archiving; and when Redis loses a live run, the archived part is still served
 * and {@code lost} names the first seq that is gone. Real Redis, stores, servers and clients.
 */
class ReadingAcrossTiersIT {

    private static final int MAXLEN = 50;
    private static final List<String> CONTROL = List.of("resumed", "end", "overflow");

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @RegisterExtension
    static final PrivatePostgres POSTGRES = new PrivatePostgres(PostgresServer.builder());

    private final OkHttpClient http = new OkHttpClient();

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void aLateReaderOfALiveRunLongerThanTheMaxlen_readsEverySeqFromOne_thenFollowsItLive(TestBackend backend)
            throws Exception {
        EventBroker producer = servers.broker(backend, BrokerSettings.DEFAULTS.withStreamMaxLen(MAXLEN));
        ServerFixture server = servers.start(producer, b -> {});
        RunId run = archivedAsItGoes(producer, server, 500);
        assertThat(server.get("/runs/" + run).json().path("head_seq").asLong())
                .as("the broker retains only the newest events")
                .isGreaterThan(400);

        SseRecorder reader = SseRecorder.open(http, events(server, run, "&from_seq=1"));
        reader.assertOpen();
        JsonNode outcome = Json.parse(reader.assertEvent().data());
        assertThat(outcome.path("resumed").asBoolean()).as(outcome.toString()).isTrue();
        List<Long> seen = new ArrayList<>();
        while (seen.size() < 501) {
            seen.add(Long.parseLong(reader.assertEvent().id()));
        }
        publishArchived(producer, server, run, 501, 100);
        close(producer, run);
        for (SseRecorder.Item item : reader.eventsUntilClosed()) {
            if (!CONTROL.contains(item.event())) {
                seen.add(Long.parseLong(item.id()));
            } else {
                assertThat(item.event()).as(item.data()).isEqualTo("end");
            }
        }
        assertThat(seen).containsExactlyElementsOf(range(1, 602));
    }

    @Test
    void aWebSocketReaderResumesMidArchiveAndAtTheTierBoundary_withNoGapOrDuplicate() throws Exception {
        EventBroker producer = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS.withStreamMaxLen(MAXLEN));
        ServerFixture server = servers.start(producer, b -> {});
        RunId run = archivedAsItGoes(producer, server, 300);
        long head = server.get("/runs/" + run).json().path("head_seq").asLong();
        assertThat(head).isGreaterThan(200);

        for (long lastEventId : List.of(100L, head - 2, head - 1, head)) {
            WsRecorder ws = WsRecorder.open(http, ws(server, "/ws?run_id=" + run + "&last_event_id=" + lastEventId));
            ws.nextControl("subscribed");
            assertThat(ws.nextControl("resumed").path("resumed").asBoolean()).isTrue();
            List<Long> seen = new ArrayList<>();
            while (seen.size() < 301 - lastEventId) {
                seen.add(ws.nextJson().path("seq").asLong());
            }
            assertThat(seen).as("after %d", lastEventId).containsExactlyElementsOf(range(lastEventId + 1, 301));
            ws.socket.close(1000, "read");
        }
    }

    @Test
    void aReaderOnAnotherServerOverPostgres_readsFromSeqOne_whileTheFirstServerArchives() throws Exception {
        String db = "tiers";
        POSTGRES.server().createDatabase(db);
        EventBroker producer = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS.withStreamMaxLen(MAXLEN));
        ServerFixture archiving = server("archiving", db, Duration.ofMillis(200));
        ServerFixture reading = server("reading", db, Duration.ofHours(1));
        RunId run = archivedAsItGoes(producer, archiving, 400);

        SseRecorder reader = SseRecorder.open(http, events(reading, run, "&from_seq=1"));
        reader.assertOpen();
        assertThat(Json.parse(reader.assertEvent().data()).path("resumed").asBoolean())
                .isTrue();
        close(producer, run);
        List<Long> seen = new ArrayList<>();
        for (SseRecorder.Item item : reader.eventsUntilClosed()) {
            if (!CONTROL.contains(item.event())) {
                seen.add(Long.parseLong(item.id()));
            }
        }
        assertThat(seen).containsExactlyElementsOf(range(1, 402));
        assertThat(reading.get("/metrics").json().path("events_archived").asLong())
                .as("the reading server archived nothing: it read what the other one wrote")
                .isZero();
    }

    @Test
    void redisLosesALiveRun_theArchivedPartIsServed_thenLostNamesTheFirstSeqThatIsGone() throws Exception {
        EventBroker producer = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS.withStreamMaxLen(MAXLEN));
        ServerFixture server = servers.start(producer, b -> {});
        RunId run = archivedAsItGoes(producer, server, 120);

        servers.redis().flushAll(); // as a Redis restarted without persistence looks to the server

        SseRecorder reader = SseRecorder.open(http, events(server, run, "&from_seq=1"));
        reader.assertOpen();
        List<SseRecorder.Item> items = reader.eventsUntilClosed();
        assertThat(items.get(0).event()).isEqualTo("resumed");
        List<Long> seen = items.subList(1, items.size() - 1).stream()
                .map(i -> Long.parseLong(i.id()))
                .toList();
        assertThat(seen).containsExactlyElementsOf(range(1, 121));
        SseRecorder.Item last = items.get(items.size() - 1);
        assertThat(last.event()).isEqualTo("overflow");
        JsonNode overflow = Json.parse(last.data());
        assertThat(overflow.path("reason").asText()).isEqualTo("lost");
        assertThat(overflow.path("requested").asLong()).isEqualTo(122);
    }

    private ServerFixture server(String name, String db, Duration archiveEvery) throws Exception {
        Map<String, String> env =
                RegistryEnv.of(servers.dir(), name, servers.redis().url());
        env.put("ARENA_DB", POSTGRES.server().url(db));
        env.put("ARENA_AUDIT_LOG", servers.dir().resolve(name + "-audit.jsonl").toString());
        return servers.start(ServerFixture.builder(servers.dir().resolve(name))
                .broker(servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS.withStreamMaxLen(MAXLEN)))
                .env(env)
                .tweak(b -> b.archiveInterval(archiveEvery)));
    }

    /**
     * A live run of {@code events} events after run.start, published in chunks smaller than the broker's
     * retention, each archived before the next, so the store holds every seq the broker trims.
     */
    private static RunId archivedAsItGoes(EventBroker producer, ServerFixture server, int events) {
        RunId run = Runs.open(producer, 0);
        publishArchived(producer, server, run, 1, events);
        return run;
    }

    /** Publishes {@code events} more after {@code lastSeq}, in chunks the archiver takes before the broker trims them. */
    private static void publishArchived(
            EventBroker producer, ServerFixture server, RunId run, long lastSeq, int events) {
        int chunk = MAXLEN - 10;
        for (int published = 0; published < events; published += chunk) {
            Runs.publish(producer, run, Math.min(chunk, events - published));
            awaitArchivedThrough(server, run, lastSeq + Math.min(events, published + chunk));
        }
    }

    private static void awaitArchivedThrough(ServerFixture server, RunId run, long seq) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> server.get("/runs/" + run)
                                .json()
                                .path("archived_through")
                                .asLong()
                        == seq);
    }

    private static void close(EventBroker producer, RunId run) {
        producer.closeRun(run, RunOutcome.COMPLETE, Map.of())
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        producer.flush(Duration.ofSeconds(10));
    }

    private static Request events(ServerFixture fx, RunId run, String query) {
        return new Request.Builder()
                .url(fx.url("/events?run_id=" + run + query))
                .build();
    }

    private static String ws(ServerFixture fx, String pathAndQuery) {
        return fx.url(pathAndQuery).replaceFirst("^http", "ws");
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
