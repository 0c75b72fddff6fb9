package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.auth.TokenMinter;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.config.ReaderAuthSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /ws} with reader authorization on: the token is checked at the upgrade (401 without one, 403 for a short-form
 * run it does not permit), a {@code subscribe} to another run gets an {@code error} frame {@code forbidden} on a socket
 * that stays open, kinds not permitted are passed over while the terminal event still arrives, and an expiring token
 * ends the socket with {@code token_expired} and close code 4401 — unless the client sent a fresh one in an
 * {@code auth} message, whose claims then apply.
 */
class WebSocketAuthorizationIT {

    private final OkHttpClient http =
            new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    private final TokenMinter minter = new TokenMinter(ReaderAuthorizationIT.SECRET.getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private ServerFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = ServerFixture.builder(dir)
                .env(ReaderAuthSettings.SECRET_VARIABLE, ReaderAuthorizationIT.SECRET)
                .tweak(b -> b.heartbeat(Duration.ofMillis(300)))
                .start();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private String ws(String pathAndQuery) {
        return fx.url(pathAndQuery).replaceFirst("^http", "ws");
    }

    private String token(RunId run, List<String> kinds, Duration ttl) {
        return minter.mint("dashboard-7", List.of(run.value()), kinds, false, Instant.now(), ttl);
    }

    @Test
    void theUpgradeNeedsAToken_andAShortFormRunItPermits() throws Exception {
        RunId mine = fx.finishedRun(2);
        RunId other = fx.finishedRun(2);

        ServerFixture.Answer none = fx.get("/ws?run_id=" + mine);
        ServerFixture.Answer forbidden =
                fx.get("/ws?run_id=" + other + "&access_token=" + token(mine, null, Duration.ofMinutes(5)));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().path("error").asText()).isEqualTo("token_missing");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body()).doesNotContain("access_token=");
    }

    @Test
    void aSubscribeToARunNotPermitted_isAnErrorFrame_andTheSocketStays() throws Exception {
        RunId mine = fx.finishedRun(2);
        RunId other = fx.finishedRun(2);
        WsRecorder ws = WsRecorder.open(
                http,
                new Request.Builder()
                        .url(ws("/ws"))
                        .header("Authorization", "Bearer " + token(mine, null, Duration.ofMinutes(5)))
                        .build());

        ws.send("{\"type\":\"subscribe\",\"run_id\":\"" + other + "\"}");
        JsonNode error = ws.nextControl("error");
        assertThat(error.path("code").asText()).isEqualTo("forbidden");
        assertThat(error.path("run_id").asText()).isEqualTo(other.value());

        ws.send("{\"type\":\"subscribe\",\"run_id\":\"" + mine + "\"}");
        assertThat(ws.nextControl("subscribed").path("run_id").asText()).isEqualTo(mine.value());
        // /debug/readers names an authorized reader by its token's subject (and needs an admin token)
        String admin = minter.mint("on-call", List.of("*"), null, true, Instant.now(), Duration.ofMinutes(5));
        ServerFixture.Answer readers = fx.call(new Request.Builder()
                .url(fx.url("/debug/readers"))
                .header("Authorization", "Bearer " + admin)
                .build());
        assertThat(readers.json().path("readers").get(0).path("who").asText()).startsWith("dashboard-7 ");
        assertThat(fx.get("/debug/readers").status()).isEqualTo(401);
        ws.socket.close(1000, "done");
    }

    @Test
    void kindsNotPermittedArePassedOver_theTerminalEventStillArrives() throws Exception {
        RunId run = RunId.random();
        fx.server.broker().openRun(run, Map.of()).get(5, TimeUnit.SECONDS); // run.start, seq 1
        fx.server
                .broker()
                .publish(run, Event.of("agent.signal", Map.of("i", 1)))
                .get(5, TimeUnit.SECONDS);
        fx.server.broker().publish(run, Event.of("secret.note", Map.of("i", 2))).get(5, TimeUnit.SECONDS);
        fx.server
                .broker()
                .publish(run, Event.of("agent.signal", Map.of("i", 3)))
                .get(5, TimeUnit.SECONDS);
        fx.server.broker().closeRun(run, RunOutcome.COMPLETE, Map.of()).get(5, TimeUnit.SECONDS);

        WsRecorder ws = WsRecorder.open(
                http,
                ws("/ws?run_id=" + run + "&access_token=" + token(run, List.of("agent."), Duration.ofMinutes(5))));

        assertThat(ws.nextControl("subscribed").path("run_id").asText()).isEqualTo(run.value());
        assertThat(Json.parse(ws.next()).path("kind").asText()).isEqualTo("agent.signal");
        assertThat(Json.parse(ws.next()).path("kind").asText()).isEqualTo("agent.signal");
        assertThat(Json.parse(ws.next()).path("kind").asText()).isEqualTo("run.complete");
        assertThat(ws.nextControl("end").path("run_id").asText()).isEqualTo(run.value());
        ws.socket.close(1000, "done");
    }

    @Test
    void anExpiringToken_endsTheSocketWithTokenExpiredAnd4401() throws Exception {
        RunId run = RunId.random();
        fx.server.broker().openRun(run, Map.of()).get(5, TimeUnit.SECONDS);
        WsRecorder ws = WsRecorder.open(
                http, ws("/ws?run_id=" + run + "&access_token=" + token(run, null, Duration.ofSeconds(2))));
        assertThat(ws.nextControl("subscribed").path("run_id").asText()).isEqualTo(run.value());
        assertThat(Json.parse(ws.next()).path("kind").asText()).isEqualTo("run.start");

        JsonNode expired = ws.nextControl("error");

        assertThat(expired.path("code").asText()).isEqualTo("token_expired");
        assertThat(ws.closeCode.get(15, TimeUnit.SECONDS)).isEqualTo(4401);
    }

    @Test
    void aFreshTokenSentOnTheSocket_keepsItOpenPastTheFirstTokensExpiry() throws Exception {
        RunId run = RunId.random();
        fx.server.broker().openRun(run, Map.of()).get(5, TimeUnit.SECONDS);
        Instant firstExpires = Instant.now().plusSeconds(3);
        WsRecorder ws = WsRecorder.open(
                http, ws("/ws?run_id=" + run + "&access_token=" + token(run, null, Duration.ofSeconds(3))));
        assertThat(ws.nextControl("subscribed").path("run_id").asText()).isEqualTo(run.value());
        assertThat(Json.parse(ws.next()).path("kind").asText()).isEqualTo("run.start");

        ws.send("{\"type\":\"auth\",\"token\":\"" + token(run, null, Duration.ofMinutes(5)) + "\"}");
        JsonNode renewed = ws.nextControl("authenticated");
        assertThat(renewed.path("sub").asText()).isEqualTo("dashboard-7");
        assertThat(Instant.parse(renewed.path("expires_at").asText())).isAfter(firstExpires);

        // the first token's expiry and a tick of the hub pass; the socket carries on under the new one
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Instant.now().isAfter(firstExpires.plusSeconds(1)));
        fx.server
                .broker()
                .publish(run, Event.of("agent.signal", Map.of("i", 1)))
                .get(5, TimeUnit.SECONDS);
        assertThat(Json.parse(ws.next()).path("kind").asText()).isEqualTo("agent.signal");
        assertThat(ws.closeCode).isNotDone();
        ws.socket.close(1000, "done");
    }

    @Test
    void aRefusedTokenSentOnTheSocket_isAnErrorFrame_andTheFirstTokenStillHolds() throws Exception {
        RunId run = fx.finishedRun(1);
        WsRecorder ws = WsRecorder.open(
                http,
                new Request.Builder()
                        .url(ws("/ws"))
                        .header("Authorization", "Bearer " + token(run, null, Duration.ofMinutes(5)))
                        .build());

        ws.send("{\"type\":\"auth\",\"token\":\"not-a-jwt\"}");
        JsonNode refused = ws.nextControl("error");
        assertThat(refused.path("code").asText()).isEqualTo("token_invalid");
        assertThat(refused.toString()).doesNotContain("not-a-jwt");

        ws.send("{\"type\":\"subscribe\",\"run_id\":\"" + run + "\"}");
        assertThat(ws.nextControl("subscribed").path("run_id").asText()).isEqualTo(run.value());
        ws.socket.close(1000, "done");
    }
}
