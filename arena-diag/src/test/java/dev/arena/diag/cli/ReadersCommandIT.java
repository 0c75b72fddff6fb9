package dev.arena.diag.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.RunId;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.support.DiagRun;
import dev.arena.fixture.ServerFixture;
import dev.arena.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arena diag readers} shows the server's readers (an SSE and a WebSocket one here) as a table that fits 80
 * columns, as JSON or as one monitoring-plugin line, and exits 0 while none falls behind.
 */
class ReadersCommandIT {

    @TempDir
    Path dir;

    @Test
    void listsTheServersReadersByTransport_asATableAndAsJson() throws Exception {
        OkHttpClient http =
                new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();
        try (ServerFixture fx = ServerFixture.builder(dir).start()) {
            RunId live = RunId.random();
            fx.server.broker().openRun(live, Map.of()).join();
            Response sse = http.newCall(new Request.Builder()
                            .url(fx.url("/events?run_id=" + live))
                            .build())
                    .execute();
            WebSocket ws = http.newWebSocket(
                    new Request.Builder()
                            .url(fx.url("/ws?run_id=" + live).replaceFirst("^http", "ws"))
                            .build(),
                    new WebSocketListener() {});
            try {
                await().atMost(Duration.ofSeconds(15))
                        .until(() ->
                                DiagRun.run(fx.clientEnv(), "readers").out().contains("ws "));

                DiagRun.Result table = DiagRun.run(fx.clientEnv(), "readers");
                assertThat(table.exitCode()).isEqualTo(ExitCodes.OK);
                String[] lines = table.out().split("\n");
                assertThat(lines[0]).startsWith("TRANSPORT").contains("LAG EV").contains("STATE");
                assertThat(table.out()).contains("sse ").contains("ws ").contains(live.prefix());
                assertThat(Arrays.stream(lines)).allMatch(l -> l.length() <= 80);

                DiagRun.Result json = DiagRun.run(fx.clientEnv(), "readers", "-o", "json");
                JsonNode parsed = Json.parse(json.out());
                assertThat(parsed.path("status").asText()).isEqualTo("OK");
                assertThat(parsed.path("count").asInt()).isEqualTo(2);
                assertThat(parsed.path("readers")
                                .get(0)
                                .path("runs")
                                .get(0)
                                .path("run_id")
                                .asText())
                        .isEqualTo(live.value());
            } finally {
                ws.close(1000, "done");
                sse.close();
                http.dispatcher().executorService().shutdown();
            }
        }
    }
}
