package dev.arena.server;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.fixture.ServerFixture;
import java.io.IOException;
import java.time.Duration;

/** The fork tasks a test's server lists in {@code GET /debug/forks}, and waits on them. */
final class DebugForks {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private DebugForks() {}

    /** The first task listed. */
    static JsonNode first(ServerFixture fx) throws IOException {
        return fx.get("/debug/forks").json().path("forks").get(0);
    }

    /** Waits until the first task is in {@code state}, and returns it. */
    static JsonNode awaitFirstIn(ServerFixture fx, String state) throws IOException {
        await().atMost(WAIT).until(() -> state.equals(first(fx).path("state").asText()));
        return first(fx);
    }

    /** Waits until the first task's worker sits in the simulated LLM call (where a stall holds it). */
    static void awaitFirstStalledInLlm(ServerFixture fx) {
        await().atMost(WAIT).until(() -> first(fx).path("stack").toString().contains("SimulatedLlm.complete"));
    }
}
