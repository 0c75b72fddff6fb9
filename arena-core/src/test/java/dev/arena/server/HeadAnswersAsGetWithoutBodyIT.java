package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.RunId;
import dev.arena.fixture.ServerFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code HEAD} on every {@code GET} endpoint answers what {@code GET} would — status and headers —
 * without a body (for {@code /events}: the stream's headers, no stream), and a 405 lists HEAD
 * wherever GET is allowed.
 */
class HeadAnswersAsGetWithoutBodyIT {

    @TempDir
    Path dir;

    private static RawHttp.Reply head(ServerFixture fx, String path) throws Exception {
        int port = Integer.parseInt(fx.url().replaceAll(".*:(\\d+).*", "$1"));
        return RawHttp.send(
                port,
                "HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n",
                false,
                Duration.ofSeconds(10));
    }

    @Test
    void headOnGetEndpoints_answersLikeGet_withoutABody() throws Exception {
        try (ServerFixture fx = ServerFixture.builder(dir).start()) {
            RunId done = fx.finishedRun(3);
            RunId open = RunId.random();
            fx.broker.openRun(open, Map.of()).join();
            for (String path : new String[] {
                "/health",
                "/runs",
                "/runs/" + done,
                "/metrics",
                "/metrics/prometheus",
                "/debug/forks",
                "/events?run_id=" + open
            }) {
                RawHttp.Reply reply = head(fx, path);
                assertThat(reply.timedOut()).as(path).isFalse();
                assertThat(reply.status()).as(path + ": " + reply.text()).isEqualTo(200);
                assertThat(reply.body()).as(path).isEmpty();
            }
            assertThat(head(fx, "/events?run_id=" + open).text())
                    .containsIgnoringCase("Content-Type: text/event-stream");
            assertThat(head(fx, "/runs/" + RunId.random()).status()).isEqualTo(404);
            assertThat(head(fx, "/runs?limit=0").status()).isEqualTo(400);
            ServerFixture.Answer put = fx.call(new Request.Builder()
                    .url(fx.url("/runs"))
                    .put(RequestBody.create("{}", MediaType.get("application/json")))
                    .build());
            assertThat(put.status()).isEqualTo(405);
            assertThat(put.headers().get("Allow")).isEqualTo("GET, HEAD");
        }
    }
}
