package dev.arena.server;

import static dev.arena.server.ServerApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.RunId;
import dev.arena.fixture.CapturedLogs;
import dev.arena.fixture.ServerFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Browser-borne requests are refused. A DNS-rebinding page names a foreign {@code Host}
 * (421); a cross-site page sends a foreign {@code Origin} (403) or a form's content type (415); a
 * same-origin page and every non-browser client keep working. Real OkHttp clients, real server.
 */
class HostAndOriginPolicyIT {

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    ServerFixture fx;
    RunId parent;

    @BeforeEach
    void start() throws Exception {
        fx = ServerFixture.builder(dir).start();
        parent = Runs.finished(fx.broker, 3);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private String forkBody() {
        return "{\"parent_run_id\":\"" + parent + "\",\"at_seq\":2}";
    }

    private ServerFixture.Answer get(String path, String host) throws Exception {
        return fx.call(
                new Request.Builder().url(fx.url(path)).header("Host", host).build());
    }

    private ServerFixture.Answer postFork(String contentType, String origin) throws Exception {
        return post("/forks", forkBody(), contentType, origin, null);
    }

    private ServerFixture.Answer post(String path, String body, String contentType, String origin, String bearer)
            throws Exception {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Request.Builder rb = new Request.Builder()
                .url(fx.url(path))
                .post(RequestBody.create(bytes, contentType == null ? null : MediaType.get(contentType)));
        if (origin != null) {
            rb.header("Origin", origin);
        }
        if (bearer != null) {
            rb.header("Authorization", "Bearer " + bearer);
        }
        return fx.call(rb.build());
    }

    @Test
    void foreignHost_isRefused421_onReadsAndWrites() throws Exception {
        for (String path : new String[] {
            "/runs", "/runs/" + parent, "/events?run_id=" + parent, "/debug/forks", "/health", "/metrics"
        }) {
            ServerFixture.Answer a = get(path, "attacker.example");
            assertError(a, 421, "does not answer the host name 'attacker.example'");
            assertThat(a.json().path("error").asText()).isEqualTo("misdirected_request");
            assertThat(a.body()).doesNotContain(parent.value());
        }
        assertError(get("/runs", "attacker.example:" + fx.server.port()), 421, "ARENA_ALLOWED_HOSTS");
        assertError(get("/runs", "127.0.0.1.attacker.example"), 421, "Host header");
        assertError(get("/runs", "localhost.attacker.example"), 421, "Host header");
        ServerFixture.Answer fork = fx.call(new Request.Builder()
                .url(fx.url("/forks"))
                .header("Host", "attacker.example")
                .post(RequestBody.create(forkBody(), MediaType.get("application/json")))
                .build());
        assertError(fork, 421, "attacker.example");
        assertThat(fx.server.forks().tasks()).isEmpty();
    }

    @Test
    void loopbackHostNames_withOrWithoutPort_areAnswered() throws Exception {
        int port = fx.server.port();
        for (String host : new String[] {
            "localhost",
            "localhost:" + port,
            "LOCALHOST:" + port,
            "127.0.0.1",
            "127.0.0.1:" + port,
            "127.10.20.30:" + port,
            "[::1]",
            "[::1]:" + port,
            "localhost.:" + port
        }) {
            ServerFixture.Answer a = get("/runs", host);
            assertThat(a.status()).as(host + ": " + a.body()).isEqualTo(200);
        }
    }

    @Test
    void hostsInArenaAllowedHosts_areAnswered_othersStillRefused(@TempDir Path other) throws Exception {
        Map<String, String> env = ServerFixture.env(other);
        env.put("ARENA_ALLOWED_HOSTS", "arena.example.com, 10.1.2.3");
        try (ServerFixture allowed = ServerFixture.start(fx.broker, other, env, b -> {})) {
            for (String host :
                    new String[] {"arena.example.com", "ARENA.example.com:8443", "10.1.2.3:80", "localhost"}) {
                ServerFixture.Answer a = allowed.call(new Request.Builder()
                        .url(allowed.url("/runs"))
                        .header("Host", host)
                        .build());
                assertThat(a.status()).as(host).isEqualTo(200);
            }
            ServerFixture.Answer refused = allowed.call(new Request.Builder()
                    .url(allowed.url("/runs"))
                    .header("Host", "evil.example.com")
                    .build());
            assertError(refused, 421, "evil.example.com");
        }
    }

    @Test
    void crossSiteOrigin_isRefused403_andNothingStarts() throws Exception {
        int port = fx.server.port();
        for (String origin : new String[] {
            "http://evil.example",
            "https://evil.example",
            "null",
            "http://127.0.0.1:" + (port == 1 ? 2 : port - 1),
            "https://127.0.0.1:" + port,
            "http://localhost:" + port + ".evil.example",
            "garbage"
        }) {
            ServerFixture.Answer a = postFork("application/json", origin);
            assertError(a, 403, "cross-site request refused");
            assertThat(a.json().path("error").asText()).isEqualTo("forbidden");
        }
        // a form-like post from a foreign page
        assertError(postFork("text/plain", "http://evil.example"), 403, "Origin 'http://evil.example'");
        assertThat(fx.server.forks().tasks()).isEmpty();
    }

    @Test
    void sameOriginPage_keepsWorking() throws Exception {
        ServerFixture.Answer same = postFork("application/json", fx.server.url());
        assertThat(same.status()).as(same.body()).isEqualTo(202);
        // same origin spelled as the page would under another loopback name: Host and Origin agree
        ServerFixture.Answer viaLocalhost = fx.call(new Request.Builder()
                .url(fx.url("/forks"))
                .header("Host", "localhost:" + fx.server.port())
                .header("Origin", "http://localhost:" + fx.server.port())
                .post(RequestBody.create(forkBody(), MediaType.get("application/json; charset=UTF-8")))
                .build());
        assertThat(viaLocalhost.status()).as(viaLocalhost.body()).isEqualTo(202);
        // no Origin at all: curl, diag, the console, scripts
        assertThat(postFork("application/json", null).status()).isEqualTo(202);
        // reads from a cross-site page are answered (the browser withholds them: no CORS headers)
        ServerFixture.Answer read = fx.call(new Request.Builder()
                .url(fx.url("/runs"))
                .header("Origin", "http://evil.example")
                .build());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.headers().get("Access-Control-Allow-Origin")).isNull();
        assertThat(fx.server.forks().tasks()).hasSize(3);
    }

    @Test
    void originOfAnAllowedHost_isAccepted(@TempDir Path other) throws Exception {
        Map<String, String> env = ServerFixture.env(other);
        env.put("ARENA_ALLOWED_HOSTS", "arena.example.com");
        try (ServerFixture allowed = ServerFixture.start(fx.broker, other, env, b -> {})) {
            ServerFixture.Answer viaProxy = allowed.call(new Request.Builder()
                    .url(allowed.url("/forks"))
                    .header("Host", "arena.example.com")
                    .header("Origin", "https://arena.example.com")
                    .post(RequestBody.create(forkBody(), MediaType.get("application/json")))
                    .build());
            assertThat(viaProxy.status()).as(viaProxy.body()).isEqualTo(202);
        }
    }

    @Test
    void bodyThatIsNotJson_isRefused415() throws Exception {
        for (String type : new String[] {
            "text/plain",
            "text/plain; charset=utf-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/json; charset=iso-8859-1",
            "application/jsonx",
            "text/json"
        }) {
            ServerFixture.Answer a = postFork(type, null);
            assertError(a, 415, "Content-Type: application/json");
            assertThat(a.json().path("error").asText()).isEqualTo("unsupported_media_type");
        }
        assertError(postFork(null, null), 415, "no Content-Type");
        assertThat(fx.server.forks().tasks()).isEmpty();
        assertThat(postFork("Application/JSON; Charset=\"UTF-8\"", null).status())
                .isEqualTo(202);
    }

    @Test
    void adminEndpoints_keep401And403_bodilessPostNeedsNoContentType() throws Exception {
        RunId run = Runs.open(fx.broker, 1);
        String reap = "/admin/runs/" + run + "/reap";
        ServerFixture.Answer noToken = post(reap, null, null, null, null);
        assertError(noToken, 401, "Authorization: Bearer");
        assertError(post(reap, "{}", "application/json", null, null), 401, "Authorization: Bearer");
        assertError(post(reap, null, null, null, "wrong-token"), 403, "wrong admin token");
        assertError(
                post(reap, "{\"reason\":\"x\"}", "text/plain", null, ServerFixture.ADMIN_TOKEN),
                415,
                "application/json");
        assertError(post(reap, null, null, "http://evil.example", ServerFixture.ADMIN_TOKEN), 403, "cross-site");
        assertThat(fx.broker.run(run)).isPresent();
        ServerFixture.Answer ok = post(reap, null, null, null, ServerFixture.ADMIN_TOKEN);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("audit.jsonl")).lines())
                .hasSize(4); // 401, 401, 403, ok: edge refusals never reach it
    }

    @Test
    void refusals_areNotLogged() throws Exception {
        get("/runs", "attacker.example");
        postFork("text/plain", null);
        postFork("application/json", "http://evil.example");
        assertThat(logs.warnings()).as(logs.shown()).isEmpty();
        assertThat(logs.withStackTraces()).as(logs.shown()).isEmpty();
    }
}
