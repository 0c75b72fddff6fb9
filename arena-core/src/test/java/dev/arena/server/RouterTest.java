package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.arena.broker.BrokerException;
import dev.arena.broker.RunId;
import dev.arena.broker.UnknownRunException;
import dev.arena.config.ConfigException;
import dev.arena.error.BackendUnavailableException;
import dev.arena.error.InputException;
import dev.arena.store.StoreException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The router's one translation of failures into statuses, on a real socket: only input errors are the client's fault. */
class RouterTest {

    private final Server jetty = new Server();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final HttpClient client = HttpClient.newHttpClient();
    private String base;

    @BeforeEach
    void start() throws Exception {
        Router router = new Router("s3cr3t")
                .route("GET", "/bug", e -> {
                    throw new IllegalArgumentException("index -1 out of range in a server bug");
                })
                .route("GET", "/npe", e -> {
                    throw new NullPointerException("a null deep inside");
                })
                .route("GET", "/input", e -> {
                    throw new InputException("at_seq must be a positive integer, got 0");
                })
                .route("GET", "/api", e -> {
                    throw ApiException.badRequest("query parameter limit 0 is out of range");
                })
                .route("GET", "/unknown-run", e -> {
                    throw new UnknownRunException(RunId.parse("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d"));
                })
                .route("GET", "/redis-down", e -> {
                    throw new BrokerException("Redis at redis://:s3cr3t@localhost:6379 is unreachable");
                })
                .route("GET", "/duckdb", e -> {
                    throw new StoreException("cannot write data/arena.duckdb", new IOException("disk full"));
                })
                .route("GET", "/after-commit", e -> {
                    e.response().setStatus(200);
                    try (Blocker.Callback written = Blocker.callback()) {
                        e.response().write(false, ByteBuffer.wrap("partial".getBytes(StandardCharsets.UTF_8)), written);
                        written.block();
                    }
                    throw new IllegalStateException("failed after the response was committed");
                })
                .route("GET", "/config", e -> {
                    throw new ConfigException("ARENA_RUN_TTL", "ARENA_RUN_TTL='x' is not a duration");
                });
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(router);
        jetty.setErrorHandler(new JsonErrorHandler());
        jetty.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void stop() throws Exception {
        root.detachAppender(logged);
        jetty.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<ILoggingEvent> errorsAbout(String text) {
        return logged.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .filter(e -> e.getFormattedMessage().contains(text)
                        || (e.getThrowableProxy() != null
                                && String.valueOf(e.getThrowableProxy().getMessage())
                                        .contains(text)))
                .toList();
    }

    @Test
    void unexpectedIllegalArgumentException_isA500_notBlamedOnTheClient_andLoggedOnceWithItsStackTrace()
            throws Exception {
        HttpResponse<String> r = get("/bug");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("\"error\":\"internal\"");
        List<ILoggingEvent> errors = errorsAbout("out of range in a server bug");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getLevel()).isEqualTo(Level.ERROR);
        assertThat(errors.get(0).getThrowableProxy()).isNotNull();
        assertThat(errors.get(0).getThrowableProxy().getStackTraceElementProxyArray())
                .isNotEmpty();
    }

    @Test
    void unexpectedRuntimeException_isA500_loggedOnce() throws Exception {
        HttpResponse<String> r = get("/npe");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(errorsAbout("a null deep inside")).hasSize(1);
    }

    @Test
    void declaredInputError_staysA400_withItsMessage_andIsNotLogged() throws Exception {
        HttpResponse<String> r = get("/input");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"error\":\"bad_request\"").contains("at_seq must be a positive integer, got 0");
        assertThat(errorsAbout("at_seq")).isEmpty();

        HttpResponse<String> api = get("/api");
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.body()).contains("query parameter limit 0 is out of range");
    }

    @Test
    void unknownRun_is404() throws Exception {
        HttpResponse<String> r = get("/unknown-run");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("\"error\":\"not_found\"");
    }

    @Test
    void backendFailure_is503_warnedWithoutStackTrace_secretScrubbed() throws Exception {
        HttpResponse<String> r = get("/redis-down");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"error\":\"unavailable\"").doesNotContain("s3cr3t");
        List<ILoggingEvent> warnings = errorsAbout("unreachable");
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(warnings.get(0).getThrowableProxy()).isNull();
        assertThat(warnings.get(0).getFormattedMessage()).doesNotContain("s3cr3t");
    }

    @Test
    void storeAndConfigurationFailures_are500_loggedOnce() throws Exception {
        assertThat(get("/duckdb").statusCode()).isEqualTo(500);
        assertThat(errorsAbout("cannot write data/arena.duckdb")).hasSize(1);
        assertThat(get("/config").statusCode()).isEqualTo(500);
        assertThat(errorsAbout("ARENA_RUN_TTL")).hasSize(1);
    }

    @Test
    void failureAfterTheResponseIsCommitted_isLoggedOnce_notAgainByJetty() throws Exception {
        try {
            get("/after-commit");
        } catch (IOException aborted) {
            // the response is aborted mid-body: that is how the client learns of the failure
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !errorsAbout(
                        "failed after the response was committed")
                .isEmpty());
        jetty.stop(); // let Jetty finish with the exchange before counting
        assertThat(errorsAbout("failed after the response was committed")).hasSize(1);
    }

    @Test
    void answer_mapsEveryFamilyByItsFault() {
        assertThat(Router.answer(new InputException("x"))).isEqualTo(new Router.Answer(400, "bad_request"));
        assertThat(Router.answer(new IllegalArgumentException("x"))).isEqualTo(new Router.Answer(500, "internal"));
        assertThat(Router.answer(new IllegalStateException("x"))).isEqualTo(new Router.Answer(500, "internal"));
        assertThat(Router.answer(new ApiException(413, "payload_too_large", "x")))
                .isEqualTo(new Router.Answer(413, "payload_too_large"));
        assertThat(Router.answer(new BrokerException("x"))).isEqualTo(new Router.Answer(503, "unavailable"));
        assertThat(Router.answer(new BackendUnavailableException("Redis", "x", null)))
                .isEqualTo(new Router.Answer(503, "unavailable"));
        assertThat(Router.answer(new StackOverflowError())).isEqualTo(new Router.Answer(500, "internal"));
    }
}
