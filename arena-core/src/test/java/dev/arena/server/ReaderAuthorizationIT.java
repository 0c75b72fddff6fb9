package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.arena.auth.TokenMinter;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.config.ConfigException;
import dev.arena.config.ReaderAuthSettings;
import dev.arena.fixture.CapturedLogs;
import dev.arena.fixture.ServerFixture;
import dev.arena.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code ARENA_AUTH_JWT_SECRET} set every read needs a valid, unexpired HS256 token (header, {@code access_token}
 * query parameter or {@code arena_token} cookie): a bad one is 401, a run it does not permit 403, {@code /runs} lists
 * only permitted runs, SSE skips kinds not permitted but always delivers the terminal event, a token expiring
 * mid-stream ends it with {@code token_expired} and a fresh token resumes without a gap, and no token ever reaches a
 * log or an answer.
 */
class ReaderAuthorizationIT {

    static final String SECRET = "reader-secret-for-tests-0123456789abcdef";

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    ServerFixture fx;
    Path accessLog;
    final TokenMinter minter = new TokenMinter(SECRET.getBytes(StandardCharsets.UTF_8));

    @BeforeEach
    void start() throws Exception {
        accessLog = dir.resolve("access.log");
        fx = ServerFixture.builder(dir)
                .env(ReaderAuthSettings.SECRET_VARIABLE, SECRET)
                .tweak(b -> b.accessLog(accessLog.toString()).heartbeat(Duration.ofMillis(400)))
                .start();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    String token(List<String> runs, List<String> kinds, boolean admin, Duration ttl) {
        return minter.mint("alice", runs, kinds, admin, Instant.now(), ttl);
    }

    String tokenFor(RunId run) {
        return token(List.of(run.value()), null, false, Duration.ofMinutes(5));
    }

    ServerFixture.Answer get(String path, String bearer) throws Exception {
        Request.Builder b = new Request.Builder().url(fx.url(path));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return fx.call(b.build());
    }

    @Test
    void everyReadWithoutAToken_is401WithAJsonError_andHealthStaysOpen() throws Exception {
        RunId run = fx.finishedRun(1);
        for (String path : List.of("/runs", "/runs/" + run, "/events?run_id=" + run, "/metrics", "/debug/forks")) {
            ServerFixture.Answer a = fx.get(path);
            assertThat(a.status()).as(path).isEqualTo(401);
            assertThat(a.json().get("error").asText()).as(path).isEqualTo("token_missing");
            assertThat(a.json().get("detail").asText()).as(path).contains("arena diag token");
        }
        assertThat(fx.get("/health").status()).isEqualTo(200);
    }

    @Test
    void forgedUnsignedExpiredAndWrongAlgorithmTokens_are401() throws Exception {
        RunId run = fx.finishedRun(1);
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject("mallory")
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("arena", Map.of("runs", List.of("*")))
                .build();
        SignedJWT otherKey = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        otherKey.sign(new MACSigner("another-secret-of-thirty-two-bytes-or-more".getBytes(StandardCharsets.UTF_8)));
        SignedJWT rs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        rs256.sign(new RSASSASigner(rsa.generateKeyPair().getPrivate()));
        SignedJWT noExp = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder()
                        .subject("bob")
                        .claim("arena", Map.of("runs", List.of("*")))
                        .build());
        noExp.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        String expired = minter.mint("carol", List.of("*"), null, false, now.minusSeconds(600), Duration.ofMinutes(1));
        Map<String, String> refused = Map.of(
                otherKey.serialize(),
                "does not verify",
                rs256.serialize(),
                "signed with RS256",
                new PlainJWT(claims).serialize(),
                "unsigned (alg none)",
                noExp.serialize(),
                "no exp",
                expired,
                "expired",
                "not-a-jwt",
                "not a JWT");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            ServerFixture.Answer a = get("/runs/" + run, e.getKey());
            assertThat(a.status()).as(e.getValue()).isEqualTo(401);
            assertThat(a.json().get("detail").asText()).as(e.getValue()).contains(e.getValue());
            assertThat(a.body()).doesNotContain(e.getKey());
        }
        assertThat(get("/runs/" + run, expired).json().get("error").asText()).isEqualTo("token_expired");
    }

    @Test
    void tokenIsTakenFromHeaderQueryParameterOrCookie() throws Exception {
        RunId run = fx.finishedRun(1);
        String token = tokenFor(run);
        assertThat(get("/runs/" + run, token).status()).isEqualTo(200);
        assertThat(fx.get("/runs/" + run + "?access_token=" + token).status()).isEqualTo(200);
        assertThat(fx.call(new Request.Builder()
                                .url(fx.url("/runs/" + run))
                                .header("Cookie", "theme=dark; arena_token=" + token)
                                .build())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void runsListsOnlyPermittedRuns_andAnotherRunIs403() throws Exception {
        RunId mine = fx.finishedRun(1);
        RunId theirs = fx.finishedRun(1);
        String token = tokenFor(mine);
        List<String> listed = new ArrayList<>();
        get("/runs", token).json().forEach(r -> listed.add(r.get("run_id").asText()));
        assertThat(listed).containsExactly(mine.value());
        for (String path : List.of("/runs/" + theirs, "/events?run_id=" + theirs)) {
            ServerFixture.Answer a = get(path, token);
            assertThat(a.status()).as(path).isEqualTo(403);
            assertThat(a.json().get("error").asText()).isEqualTo("forbidden");
            assertThat(a.json().get("detail").asText()).contains("does not permit run " + theirs);
        }
        List<String> all = new ArrayList<>();
        get("/runs", token(List.of("*"), null, false, Duration.ofMinutes(5)))
                .json()
                .forEach(r -> all.add(r.get("run_id").asText()));
        assertThat(all).contains(mine.value(), theirs.value());
    }

    @Test
    void eventsOfKindsNotPermittedAreSkipped_theTerminalEventAlwaysDelivered() throws Exception {
        RunId run = RunId.random();
        fx.broker.openRun(run, Map.of()).join();
        fx.broker.publish(run, Event.of("agent.thought", Map.of("i", 1))).join();
        fx.broker.publish(run, Event.of("tool.call", Map.of("i", 2))).join();
        fx.broker.publish(run, Event.of("agent.answer", Map.of("i", 3))).join();
        fx.broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join();
        String token = token(List.of(run.value()), List.of("agent."), false, Duration.ofMinutes(5));
        SseRecorder sse = SseRecorder.open(
                fx.http,
                new Request.Builder()
                        .url(fx.url("/events?run_id=" + run))
                        .header("Authorization", "Bearer " + token)
                        .build());
        sse.assertOpen();
        List<String> kinds = new ArrayList<>();
        for (SseRecorder.Item item : sse.eventsUntilClosed()) {
            kinds.add(
                    item.event() != null && item.event().equals("end")
                            ? "end"
                            : Json.parse(item.data()).get("kind").asText());
        }
        assertThat(kinds).containsExactly("agent.thought", "agent.answer", RunOutcome.COMPLETE.kind(), "end");
    }

    @Test
    void tokenExpiringMidStream_endsItWithTokenExpired_andAFreshTokenResumesWithoutAGap() throws Exception {
        RunId run = RunId.random();
        fx.broker.openRun(run, Map.of()).join();
        for (int i = 0; i < 3; i++) {
            fx.broker.publish(run, Event.of("agent.signal", Map.of("i", i))).join();
        }
        String shortLived = token(List.of(run.value()), null, false, Duration.ofSeconds(2));
        SseRecorder first = SseRecorder.open(
                fx.http,
                new Request.Builder()
                        .url(fx.url("/events?run_id=" + run))
                        .header("Authorization", "Bearer " + shortLived)
                        .build());
        first.assertOpen();
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // run.start and the three signals
            seqs.add(Long.parseLong(first.assertEvent().id()));
        }
        List<SseRecorder.Item> rest = first.eventsUntilClosed();
        SseRecorder.Item last = rest.get(rest.size() - 1);
        assertThat(last.event()).isEqualTo("error");
        assertThat(Json.parse(last.data()).get("error").asText()).isEqualTo("token_expired");
        for (SseRecorder.Item item : rest.subList(0, rest.size() - 1)) {
            seqs.add(Long.parseLong(item.id()));
        }
        for (int i = 3; i < 6; i++) { // published after the stream ended
            fx.broker.publish(run, Event.of("agent.signal", Map.of("i", i))).join();
        }
        fx.broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join();

        SseRecorder second = SseRecorder.open(
                fx.http,
                new Request.Builder()
                        .url(fx.url("/events?run_id=" + run))
                        .header("Authorization", "Bearer " + tokenFor(run))
                        .header("Last-Event-ID", String.valueOf(seqs.get(seqs.size() - 1)))
                        .build());
        second.assertOpen();
        for (SseRecorder.Item item : second.eventsUntilClosed()) {
            if (item.id() != null && !item.event().equals("end")) {
                seqs.add(Long.parseLong(item.id()));
            }
        }
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= 8; s++) { // run.start, six signals, run.complete
            expected.add(s);
        }
        assertThat(seqs).containsExactlyElementsOf(expected);
    }

    @Test
    void adminEndpointsAcceptAnAdminJwtOrTheAdminToken_aReaderJwtIsForbidden() throws Exception {
        String reader = token(List.of("*"), null, false, Duration.ofMinutes(5));
        String admin = token(List.of("*"), null, true, Duration.ofMinutes(5));
        RunId run = fx.finishedRun(1);
        ServerFixture.Answer denied = fx.post("/admin/runs/" + run + "/reap", "{}", reader);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().get("detail").asText()).contains("not an admin token");
        assertThat(fx.post("/admin/runs/" + run + "/reap", "{}", admin).status())
                .isEqualTo(200);
        assertThat(fx.post("/admin/runs/" + fx.finishedRun(1) + "/reap", "{}", ServerFixture.ADMIN_TOKEN)
                        .status())
                .isEqualTo(200);
        assertThat(get("/debug/forks", reader).status()).isEqualTo(403);
        assertThat(get("/debug/forks", admin).status()).isEqualTo(200);
        assertThat(get("/metrics", reader).status()).isEqualTo(200);
    }

    @Test
    void noTokenReachesTheAccessLogTheProcessLogOrAnAnswer() throws Exception {
        RunId run = fx.finishedRun(1);
        String token = tokenFor(run);
        String expired =
                minter.mint("dave", List.of("*"), null, false, Instant.now().minusSeconds(600), Duration.ofMinutes(1));
        List<String> bodies = new ArrayList<>();
        bodies.add(get("/runs/" + run, token).body());
        bodies.add(fx.get("/runs?access_token=" + token).body());
        bodies.add(fx.get("/events?run_id=" + run + "&access_token=" + expired).body());
        bodies.add(fx.get("/runs/" + run + "?access_token=" + token + "&access_token=" + token)
                .body());
        bodies.add(fx.call(new Request.Builder()
                        .url(fx.url("/nowhere?access_token=" + token))
                        .build())
                .body());
        bodies.add(fx.post("/admin/runs/" + run + "/reap", "{}", expired).body());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.readAllLines(accessLog).size() >= 6);
        String access = Files.readString(accessLog);
        for (String t : List.of(token, expired)) {
            assertThat(access).doesNotContain(t).doesNotContain("access_token");
            assertThat(logs.shown()).doesNotContain(t);
            assertThat(String.join("\n", bodies)).doesNotContain(t);
            assertThat(Files.exists(fx.serverAuditLog()) ? Files.readString(fx.serverAuditLog()) : "")
                    .doesNotContain(t);
        }
    }

    @Test
    void aSecretShorterThan32Bytes_refusesTheServerStart() {
        assertThatThrownBy(() -> ServerFixture.builder(dir.resolve("short"))
                        .env(ReaderAuthSettings.SECRET_VARIABLE, "too-short-secret")
                        .start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ARENA_AUTH_JWT_SECRET is 16 bytes: HS256 needs at least 32 bytes")
                .hasMessageNotContaining("too-short-secret");
    }
}
