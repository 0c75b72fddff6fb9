package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.arena.broker.RunId;
import dev.arena.fixture.CapturedLogs;
import dev.arena.fixture.ServerFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body the client cuts off or chunks badly is the client's fault (400, one WARN line, no stack
 * trace), a stalled body ends in 408 (not a 500 naming TimeoutException), and an unknown HTTP
 * version is 505 {@code http_version_not_supported}. Raw sockets, bounded reads.
 */
class BadlyFramedRequestsIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    ServerFixture fx;

    @BeforeEach
    void start() throws Exception {
        // a short idle timeout so that the stalled body is given up on quickly; the other cases never idle
        fx = ServerFixture.builder(dir)
                .tweak(b -> b.idleTimeout(Duration.ofSeconds(1)))
                .start();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private String post(String path, int declaredLength, String sent) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + declaredLength + "\r\n\r\n" + sent;
    }

    @Test
    void bodyCutOffMidway_is400_withOneWarnLineAndNoStackTrace() throws Exception {
        String sent = "{\"parent_run_id\":\"3f2b";
        RawHttp.Reply reply = RawHttp.send(fx.server.port(), post("/forks", 100, sent), true, WAIT);

        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertThat(reply.body())
                .contains("\"error\":\"bad_request\"")
                .contains("cut off after " + sent.length() + " of 100 bytes")
                .doesNotContain("internal")
                .doesNotContain("Early EOF");
        List<ILoggingEvent> warnings = logs.warnings();
        assertThat(warnings).as(logs.shown()).hasSize(1);
        assertThat(warnings.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(warnings.get(0).getFormattedMessage())
                .contains("POST /forks")
                .contains("cut off")
                .doesNotContain("\n");
        assertThat(logs.withStackTraces()).as(logs.shown()).isEmpty();
    }

    @Test
    void adminBodyCutOff_isA400Too() throws Exception {
        String run = RunId.random().value();
        String request = "POST /admin/runs/" + run + "/reap HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + ServerFixture.ADMIN_TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"reason\":";
        RawHttp.Reply reply = RawHttp.send(fx.server.port(), request, true, WAIT);
        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertThat(logs.withStackTraces()).as(logs.shown()).isEmpty();
        assertThat(logs.warnings()).as(logs.shown()).noneMatch(e -> e.getLevel() == Level.ERROR);
    }

    @Test
    void stalledBody_is408_notA500NamingTimeoutException() throws Exception {
        // the client keeps the connection open but sends nothing more: the idle timeout (1 s here) ends it
        RawHttp.Reply reply = RawHttp.send(fx.server.port(), post("/forks", 100, "{\"parent"), false, WAIT);

        assertThat(reply.timedOut())
                .as("the server answered and closed within %s", WAIT)
                .isFalse();
        assertThat(reply.status()).as(reply.text()).isEqualTo(408);
        assertThat(reply.body())
                .contains("\"error\":\"request_timeout\"")
                .contains("stalled after 8 of 100 bytes")
                .doesNotContain("TimeoutException");
        assertThat(logs.warnings()).as(logs.shown()).hasSize(1);
        assertThat(logs.withStackTraces()).as(logs.shown()).isEmpty();
    }

    @Test
    void unknownHttpVersion_is505_httpVersionNotSupported() throws Exception {
        RawHttp.Reply reply =
                RawHttp.send(fx.server.port(), "GET /health HTTP/3.7\r\nHost: 127.0.0.1\r\n\r\n", true, WAIT);

        assertThat(reply.status()).as(reply.text()).isEqualTo(505);
        assertThat(reply.text()).contains("Content-Type: application/json");
        assertThat(reply.body())
                .contains("\"error\":\"http_version_not_supported\"")
                .contains("use HTTP/1.1")
                .doesNotContain("\"internal\"");
        assertThat(logs.withStackTraces()).as(logs.shown()).isEmpty();
    }

    @Test
    void malformedChunkedBody_is400_withoutStackTrace() throws Exception {
        String request =
                "POST /forks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "zz\r\n{}\r\n0\r\n\r\n";
        RawHttp.Reply reply = RawHttp.send(fx.server.port(), request, true, WAIT);
        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertThat(logs.withStackTraces()).as(logs.shown()).isEmpty();
    }
}
