package dev.arena.server;

import static dev.arena.server.ServerApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import java.nio.file.Path;
import java.time.Clock;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input docs/api.md calls a 400 is refused, with a detail saying what is
 * wrong: numbers only in canonical decimal (no sign, spaces or leading zeros), an empty or signed
 * {@code Last-Event-ID}, statuses only in their lower-case wire names, control characters in any
 * query value, path parameters.
 */
class NonCanonicalInputIsRefusedIT {

    @TempDir
    Path dir;

    EventBroker broker;
    ServerFixture fx;
    RunId done;

    @BeforeEach
    void start() throws Exception {
        broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC());
        fx = ServerFixture.start(broker, dir);
        done = Runs.finished(broker, 3); // last seq 5
    }

    @AfterEach
    void stop() {
        fx.close();
        broker.close();
    }

    private ServerFixture.Answer events(String query) throws Exception {
        return fx.get("/events?run_id=" + done + "&" + query);
    }

    private ServerFixture.Answer lastEventId(String value) throws Exception {
        return fx.call(new Request.Builder()
                .url(fx.url("/events?run_id=" + done))
                .header("Last-Event-ID", value)
                .build());
    }

    @Test
    void signedSpacedOrZeroPaddedNumbers_are400() throws Exception {
        for (String bad : new String[] {
            "%2B5",
            "+5",
            "%205",
            "5%20",
            "-5",
            "-0",
            "05",
            "00",
            "5.0",
            "1e3",
            "0x10",
            "5_0",
            "%EF%BC%95",
            "99999999999999999999"
        }) {
            ServerFixture.Answer a = events("from_seq=" + bad);
            assertThat(a.status()).as("from_seq=" + bad + ": " + a.body()).isEqualTo(400);
            assertThat(a.json().path("detail").asText())
                    .as(bad)
                    .contains("from_seq")
                    .containsAnyOf("not an integer", "out of range");
        }
        assertError(events("from_seq=%2B5"), 400, "without sign, spaces or leading zeros");
        assertError(fx.get("/runs?limit=%2010"), 400, "limit");
        assertError(events("last_event_id=-0"), 400, "last_event_id");
        assertThat(events("from_seq=6").status()).isEqualTo(204); // the canonical spelling still works
        assertThat(events("last_event_id=5").status()).isEqualTo(204);
        assertThat(fx.get("/runs?limit=10").status()).isEqualTo(200);
    }

    @Test
    void lastEventIdHeader_signedOrEmpty_is400() throws Exception {
        assertError(lastEventId("-0"), 400, "Last-Event-ID header '-0' is not an integer");
        assertError(lastEventId(""), 400, "Last-Event-ID header '' is not an integer");
        assertError(lastEventId("+4"), 400, "Last-Event-ID");
        assertError(lastEventId("04"), 400, "Last-Event-ID");
        assertThat(lastEventId("5").status()).isEqualTo(204);
    }

    @Test
    void statusOnlyInItsLowerCaseWireName() throws Exception {
        assertError(fx.get("/runs?status=RUNNING"), 400, "query parameter status 'RUNNING' is not a run status");
        assertError(fx.get("/runs?status=Complete"), 400, "lower case, exactly");
        assertError(fx.get("/runs?status=%20running"), 400, "status");
        assertThat(fx.get("/runs?status=complete").json()).hasSize(1);
    }

    @Test
    void controlCharacterInAQueryValue_is400_notSilentlyStripped() throws Exception {
        assertError(fx.get("/runs?status=running%00"), 400, "contains a control character");
        assertError(fx.get("/runs?status=complete%0A"), 400, "control character");
        assertError(fx.get("/events?run_id=" + done + "%00"), 400, "control character");
        assertError(events("from_seq=6%00"), 400, "control character");
    }

    @Test
    void pathParameters_are400() throws Exception {
        assertError(fx.get("/runs/" + done + ";x=1"), 400, "path parameters");
        assertError(fx.get("/runs;x=1"), 400, "path parameters");
        assertError(fx.get("/debug/forks;jsessionid=1"), 400, "';'");
        assertThat(fx.get("/runs/" + done).status()).isEqualTo(200);
    }
}
