package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every known secret is scrubbed from a reap {@code reason} before it reaches the server log, the
 * audit file and the {@code run.reaped} payload (which anyone reads through {@code /events} and
 * DuckDB stores); a reason over the bound is a 400 naming the limit.
 */
class ReapReasonMaskingIT {

    private static final String REDIS_PASSWORD = "redis-pass-9d2e71";

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private EventBroker broker;
    private ServerFixture fx;

    @BeforeEach
    void start() throws Exception {
        logged.start();
        root.addAppender(logged);
        broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC());
        Map<String, String> env = ServerFixture.env(dir);
        env.put("REDIS_PASSWORD", REDIS_PASSWORD);
        fx = ServerFixture.start(broker, dir, env, b -> {});
    }

    @AfterEach
    void stop() {
        fx.close();
        broker.close();
        root.detachAppender(logged);
    }

    @Test
    void reapReasonWithSecrets_isMaskedInStreamStoreLogAndAudit() throws Exception {
        RunId run = Runs.open(broker, 2);
        SseRecorder live = SseRecorder.open(fx.http, events(run));
        live.assertOpen();
        String reason = "token " + ServerFixture.ADMIN_TOKEN + " and\nFAKE LOG LINE password " + REDIS_PASSWORD;

        ServerFixture.Answer ok = fx.post(
                "/admin/runs/" + run + "/reap",
                Json.mapper().writeValueAsString(Map.of("reason", reason)),
                ServerFixture.ADMIN_TOKEN);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);

        List<SseRecorder.Item> seen = live.eventsUntilClosed();
        SseRecorder.Item reaped = seen.get(seen.size() - 2);
        assertThat(reaped.event()).isEqualTo("run.reaped");
        assertThat(Json.parse(reaped.data()).path("payload").path("reason").asText())
                .isEqualTo("token *** and FAKE LOG LINE password ***");
        assertNoSecret(seen.stream().map(SseRecorder.Item::data).toList().toString());

        SseRecorder stored = SseRecorder.open(fx.http, events(run));
        assertThat(stored.assertOpen().code()).isEqualTo(200);
        List<SseRecorder.Item> archived = stored.eventsUntilClosed();
        assertThat(archived).extracting(SseRecorder.Item::event).contains("run.reaped");
        assertNoSecret(archived.stream().map(SseRecorder.Item::data).toList().toString());

        assertNoSecret(Files.readString(dir.resolve("audit.jsonl")));
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("token *** and FAKE LOG LINE");
        String log = logged.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .toList()
                .toString();
        assertThat(log).contains("reaped run " + run);
        assertNoSecret(log);
        assertThat(log).doesNotContain("\nFAKE LOG LINE");
    }

    @Test
    void reapReasonOverTheBound_is400NamingTheLimit() throws Exception {
        RunId run = Runs.open(broker, 1);
        ServerFixture.Answer tooLong = fx.post(
                "/admin/runs/" + run + "/reap",
                "{\"reason\":\"" + "x".repeat(ReapReason.MAX_CHARS + 1) + "\"}",
                ServerFixture.ADMIN_TOKEN);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("detail").asText()).contains("at most 500 characters");
        assertThat(broker.run(run)).isPresent();
    }

    private Request events(RunId run) {
        return new Request.Builder().url(fx.url("/events?run_id=" + run)).build();
    }

    private static void assertNoSecret(String text) {
        assertThat(text).doesNotContain(ServerFixture.ADMIN_TOKEN).doesNotContain(REDIS_PASSWORD);
    }
}
