package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.RunId;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /runs} answers a JSON array, newest first (the seeds' {@code jq -r '.[0].run_id'}),
 * pages with {@code limit} and a {@code before} cursor (a run id or an instant) across live runs and runs only
 * DuckDB still has, and filters by {@code status}.
 */
class RunsArrayPagedByCursorIT {

    private static final Instant T0 = Instant.parse("2026-11-22T06:00:00.123456Z");

    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(T0);
    InProcessEventBroker broker;
    ServerFixture fx;
    /** Every run, newest first as the server must list them. */
    List<String> newestFirst = new ArrayList<>();

    RunId archivedOnly;
    RunId liveOpen;

    @BeforeEach
    void start() throws Exception {
        broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, clock);
        fx = ServerFixture.start(broker, dir);
        // Seven runs a minute apart, the oldest first; two of them share a start time (ties go by run id).
        List<RunId> made = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            if (i != 4) {
                clock.advance(Duration.ofMinutes(1));
            }
            made.add(i % 3 == 0 ? Runs.finished(broker, 1) : Runs.open(broker, 1));
        }
        archivedOnly = made.get(0);
        liveOpen = made.get(5);
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        fx.get("/runs/" + archivedOnly).json().path("persisted").asBoolean());
        broker.drop(archivedOnly); // now only DuckDB has it: the store's keyset query must page it
        List<RunId> ordered = new ArrayList<>(made);
        Collections.reverse(ordered);
        // runs 3 and 4 started at the same instant: newest-first puts the smaller run id first
        int a = ordered.indexOf(made.get(4));
        int b = ordered.indexOf(made.get(3));
        if (made.get(3).value().compareTo(made.get(4).value()) < 0) {
            ordered.set(a, made.get(3));
            ordered.set(b, made.get(4));
        }
        ordered.forEach(r -> newestFirst.add(r.value()));
    }

    @AfterEach
    void stop() {
        fx.close();
        broker.close();
    }

    @Test
    void runs_isAJsonArray_newestFirst_soTheSeedsJqRecipeWorks() throws Exception {
        ServerFixture.Answer a = fx.get("/runs");

        assertThat(a.status()).isEqualTo(200);
        JsonNode body = a.json();
        assertThat(body.isArray()).as(a.body()).isTrue();
        assertThat(body.get(0).path("run_id").asText()).isEqualTo(newestFirst.get(0)); // jq -r '.[0].run_id'
        assertThat(ids(body)).containsExactlyElementsOf(newestFirst);
        assertThat(a.headers().get("Link"))
                .as("a page shorter than the limit has no next page")
                .isNull();
    }

    @Test
    void before_runIdCursor_pagesThroughLiveAndArchivedRuns_withoutGapsOrRepeats() throws Exception {
        List<String> seen = new ArrayList<>();
        String next = "/runs?limit=2";
        int pages = 0;
        while (next != null) {
            ServerFixture.Answer page = fx.get(next);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().size()).isLessThanOrEqualTo(2);
            seen.addAll(ids(page.json()));
            String link = page.headers().get("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
            if (link != null) {
                assertThat(link).endsWith("; rel=\"next\"").contains("before=" + seen.get(seen.size() - 1));
            }
            pages++;
        }
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(pages).isEqualTo(4); // 7 runs by 2: three full pages with a Link, then one of 1 without
    }

    @Test
    void before_runIdCursor_byHand_continuesAfterThatRun() throws Exception {
        String third = newestFirst.get(2);

        JsonNode page = fx.get("/runs?limit=3&before=" + third).json();

        assertThat(ids(page)).containsExactlyElementsOf(newestFirst.subList(3, 6));
    }

    @Test
    void before_instantCursor_listsRunsStartedStrictlyBefore() throws Exception {
        Instant thirdMinute = T0.plus(Duration.ofMinutes(3));

        JsonNode page = fx.get("/runs?before=" + thirdMinute).json();

        assertThat(ids(page))
                .containsExactlyElementsOf(newestFirst.subList(newestFirst.size() - 2, newestFirst.size()));
        page.forEach(
                r -> assertThat(Instant.parse(r.path("started_at").asText())).isBefore(thirdMinute));
    }

    @Test
    void status_withBefore_filtersAndPages() throws Exception {
        List<String> running = new ArrayList<>();
        for (JsonNode r : fx.get("/runs").json()) {
            if (r.path("status").asText().equals("running")) {
                running.add(r.path("run_id").asText());
            }
        }
        assertThat(running).hasSize(4).contains(liveOpen.value());

        JsonNode first = fx.get("/runs?status=running&limit=2").json();
        JsonNode second =
                fx.get("/runs?status=running&limit=2&before=" + running.get(1)).json();

        assertThat(ids(first)).containsExactlyElementsOf(running.subList(0, 2));
        assertThat(ids(second)).containsExactlyElementsOf(running.subList(2, 4));
        assertThat(fx.get("/runs?status=complete").json())
                .allSatisfy(r -> assertThat(r.path("status").asText()).isEqualTo("complete"));
        assertThat(ids(fx.get("/runs?status=complete").json())).contains(archivedOnly.value());
    }

    @Test
    void before_unknownRunOrGarbage_is400_sayingWhatToDo() throws Exception {
        ServerFixture.Answer unknown = fx.get("/runs?before=" + RunId.random());
        ServerFixture.Answer garbage = fx.get("/runs?before=yesterday");

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("detail").asText())
                .contains("unknown run")
                .contains("without before");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.json().path("detail").asText())
                .contains("neither a run id")
                .contains("ISO-8601");
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(r -> out.add(r.path("run_id").asText()));
        return out;
    }
}
