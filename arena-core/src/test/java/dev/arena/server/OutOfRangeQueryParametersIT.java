package dev.arena.server;

import static dev.arena.server.ServerApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.RunId;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.fixture.ServerFixture;
import dev.arena.testkit.PrivatePostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every query parameter of every endpoint is checked against the range the server can serve
 * before any store or broker sees it: an instant far outside the years a store keeps, a limit or
 * sequence number past its bound, is a 400 naming the parameter — never a 500 — on either store.
 */
class OutOfRangeQueryParametersIT {

    @RegisterExtension
    static final PrivatePostgres POSTGRES = new PrivatePostgres();

    @TempDir
    Path dir;

    private ServerFixture start(InProcessEventBroker broker, String store) throws Exception {
        Map<String, String> env = ServerFixture.env(dir);
        if (store.equals("postgres")) {
            env.put("ARENA_DB", POSTGRES.server().url());
        }
        return ServerFixture.start(broker, dir, env, b -> {});
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "postgres"})
    void extremeInstantsAndCounts_are400NamingTheParameter(String store) throws Exception {
        try (InProcessEventBroker broker = new InProcessEventBroker();
                ServerFixture fx = start(broker, store)) {
            RunId open = Runs.open(broker, 3);
            for (String instant : new String[] {
                "%2B100000-01-01T00:00:00Z",
                "-100000-01-01T00:00:00Z",
                "%2B1000000000-12-31T23:59:59Z",
                "-1000000000-01-01T00:00:00Z",
                "%2B10000-01-01T00:00:00Z",
                "-0001-01-01T00:00:00Z"
            }) {
                ServerFixture.Answer a = fx.get("/runs?before=" + instant);
                assertError(a, 400, "query parameter before");
                assertThat(a.json().path("detail").asText()).as(instant).contains("out of range");
            }
            assertError(fx.get("/runs?limit=99999999999999999999999"), 400, "query parameter limit");
            assertError(fx.get("/runs?limit=0"), 400, "query parameter limit");
            assertError(fx.get("/runs?limit=10001"), 400, "query parameter limit");
            assertError(
                    fx.get("/events?run_id=" + open + "&from_seq=9223372036854775808"),
                    400,
                    "query parameter from_seq");
            assertError(
                    fx.get("/events?run_id=" + open + "&last_event_id=9223372036854775807"),
                    400,
                    "query parameter last_event_id");
            // the largest start seqs are served, not a 500: past a finished run's end 204, on an open run the stream
            // opens
            RunId done = Runs.finished(broker, 2);
            assertThat(fx.get("/events?run_id=" + done + "&from_seq=9223372036854775807")
                            .status())
                    .isEqualTo(204);
            assertThat(fx.get("/events?run_id=" + done + "&last_event_id=9223372036854775806")
                            .status())
                    .isEqualTo(204);
            int port = Integer.parseInt(fx.url().replaceAll(".*:(\\d+).*", "$1"));
            for (String query : new String[] {"from_seq=9223372036854775807", "last_event_id=9223372036854775806"}) {
                RawHttp.Reply stream = RawHttp.send(
                        port,
                        "GET /events?run_id=" + open + "&" + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                                + "\r\n\r\n",
                        false,
                        Duration.ofSeconds(2));
                assertThat(stream.status()).as(query + ": " + stream.text()).isEqualTo(200);
            }
            // the edges of the range are served
            assertThat(fx.get("/runs?before=9999-12-31T23:59:59Z").status()).isEqualTo(200);
            assertThat(fx.get("/runs?before=0001-01-01T00:00:00Z").status()).isEqualTo(200);
            assertThat(fx.get("/runs?before=9999-12-31T23:59:59Z").json()).hasSize(2);
        }
    }
}
