package dev.arena.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.arena.broker.RunId;
import dev.arena.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The launcher against a real HTTP server on a free loopback port answering like docs/api.md. */
class HttpForkLauncherIT {

    private final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> contentTypes = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    private String serve(int status, String answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/forks", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void accepted_postsTheParentAsJson_andReportsTheChild() throws Exception {
        RunId parent = RunId.random();
        String url =
                serve(202, "{\"child_run_id\":\"9a4d3f2b-0000-4000-8000-000000000001\",\"name\":\"fork-9a4d3f2b\"}");

        String started = new HttpForkLauncher(url).fork(parent, 0);

        assertThat(started).isEqualTo("child run 9a4d3f2b-0000-4000-8000-000000000001");
        JsonNode body = Json.parse(bodies.poll());
        assertThat(body.get("parent_run_id").asText()).isEqualTo(parent.value());
        assertThat(body.size()).isEqualTo(1);
        assertThat(contentTypes.poll()).isEqualTo("application/json");
    }

    @Test
    void refused_throwsWithTheServersDetail() throws Exception {
        String url =
                serve(404, "{\"error\":\"not_found\",\"detail\":\"unknown run 3f2b: the broker has no such run\"}");

        assertThatThrownBy(() -> new HttpForkLauncher(url + "/").fork(RunId.random(), 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/forks answered 404: unknown run 3f2b: the broker has no such run");
    }

    @Test
    void serverDown_throwsNamingTheServer() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;

        assertThatThrownBy(() -> new HttpForkLauncher(url).fork(RunId.random(), 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("POST " + url + "/forks failed");
    }

    @Test
    void notAnHttpUrl_isRejectedUpFront_withCredentialsMasked() {
        assertThatThrownBy(() -> new HttpForkLauncher("redis://:topsecret@host:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an http(s) URL")
                .hasMessageNotContaining("topsecret");
    }
}
