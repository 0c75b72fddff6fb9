package dev.arena.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.EventBroker;
import dev.arena.config.ArenaConfig;
import dev.arena.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A real {@link ArenaServer} on a free loopback port with its DuckDB file in a temp dir, plus a
 * real OkHttp client. The broker is the test's; the fixture closes the server, not the broker.
 */
final class ServerFixture implements AutoCloseable {

    static final String ADMIN_TOKEN = "test-admin-token-5f1c";

    final EventBroker broker;
    final ArenaServer server;
    final OkHttpClient http;
    final Path dir;

    /** One answer: status, body text, and a header lookup. */
    record Answer(int status, String body, okhttp3.Headers headers) {
        JsonNode json() {
            return Json.parse(body);
        }
    }

    private ServerFixture(EventBroker broker, ArenaServer server, Path dir) {
        this.broker = broker;
        this.server = server;
        this.dir = dir;
        this.http = new OkHttpClient.Builder()
                .readTimeout(Duration.ofSeconds(20))
                .callTimeout(Duration.ofSeconds(30))
                .build();
    }

    static Map<String, String> env(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("ARENA_HTTP_PORT", "0");
        env.put("ARENA_DB", dir.resolve("arena.duckdb").toString());
        env.put("ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString());
        env.put("ARENA_ADMIN_TOKEN", ADMIN_TOKEN);
        return env;
    }

    static ServerFixture start(EventBroker broker, Path dir) throws Exception {
        return start(broker, dir, env(dir), b -> { });
    }

    static ServerFixture start(EventBroker broker, Path dir, Map<String, String> env,
                               Consumer<ArenaServer.Builder> tweak) throws Exception {
        ArenaServer.Builder builder = ArenaServer.builder(ArenaConfig.from(env))
                .broker(broker)
                .archiveInterval(Duration.ofMillis(200))
                .shutdownStepTimeout(Duration.ofSeconds(5))
                .forkShutdownTimeout(Duration.ofSeconds(5));
        tweak.accept(builder);
        ArenaServer server = builder.build().start();
        return new ServerFixture(broker, server, dir);
    }

    String url(String path) {
        return server.url() + path;
    }

    Answer get(String path) throws IOException {
        return call(new Request.Builder().url(url(path)).build());
    }

    Answer post(String path, String json) throws IOException {
        return post(path, json, null);
    }

    Answer post(String path, String json, String bearer) throws IOException {
        Request.Builder rb = new Request.Builder().url(url(path))
                .post(RequestBody.create(json == null ? "" : json, MediaType.get("application/json")));
        if (bearer != null) {
            rb.header("Authorization", "Bearer " + bearer);
        }
        return call(rb.build());
    }

    Answer call(Request request) throws IOException {
        try (Response r = http.newCall(request).execute()) {
            return new Answer(r.code(), r.body().string(), r.headers());
        }
    }

    @Override
    public void close() {
        server.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
