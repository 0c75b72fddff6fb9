package dev.arena.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one binder of the wire records: exact text written, tolerant reading, and agreement with databind. */
class WireJsonTest {

    private static final Instant T = Instant.parse("2026-11-22T06:46:21.123456Z");

    @Test
    void health_inProcess_writesRedisNull_andOmitsTheErrorsItDoesNotHave() {
        Health h = new Health(
                HealthStatus.OK,
                Backend.INPROCESS,
                null,
                null,
                new Health.Store("duckdb", "data/arena.duckdb", true),
                new Health.Duckdb("data/arena.duckdb", true),
                3605,
                T,
                "0.1.0",
                false);

        assertThat(WireJson.write(h))
                .isEqualTo(
                        "{\"status\":\"ok\",\"backend\":\"inprocess\",\"redis\":null,"
                                + "\"store\":{\"kind\":\"duckdb\",\"location\":\"data/arena.duckdb\",\"ok\":true},"
                                + "\"duckdb\":{\"path\":\"data/arena.duckdb\",\"ok\":true},\"uptime_seconds\":3605,"
                                + "\"started_at\":\"2026-11-22T06:46:21.123456Z\",\"version\":\"0.1.0\",\"fault_injection\":false,\"servers\":[]}");
    }

    @Test
    void health_servers_writeEachEntryExactly_andReadBack() {
        ServerEntry peer =
                new ServerEntry("3f9a1c2b7d4e", "http://10.0.0.2:8000", "0.1.0", T, "arena-2:7", 1234, 10_000, false);
        Health h = new Health(
                HealthStatus.OK,
                Backend.REDIS,
                null,
                new Health.Redis("redis://:***@h:6379/0", null, 0.4, null),
                null,
                new Health.Duckdb("db", true),
                1,
                T,
                "0.1.0",
                false,
                List.of(peer.observed(1234, 10_000, true), peer));

        assertThat(WireJson.write(peer))
                .isEqualTo("{\"id\":\"3f9a1c2b7d4e\",\"url\":\"http://10.0.0.2:8000\",\"version\":\"0.1.0\","
                        + "\"started_at\":\"2026-11-22T06:46:21.123456Z\",\"host_pid\":\"arena-2:7\",\"heartbeat_age_ms\":1234,"
                        + "\"ttl_ms\":10000,\"self\":false}");
        assertThat(WireJson.write(h)).contains("\"fault_injection\":false,\"servers\":[{\"id\":\"3f9a1c2b7d4e\",");
        assertThat(WireJson.read(WireJson.write(h), Health.class)).isEqualTo(h);
        assertThat(WireJson.read("{\"status\":\"ok\"}", Health.class).servers())
                .as("an older server's /health")
                .isEmpty();
    }

    @Test
    void health_redisDown_writesPingNull_andTheRedisError() {
        Health h = new Health(
                HealthStatus.DEGRADED,
                Backend.REDIS,
                null,
                new Health.Redis("redis://:***@h:6379/0", null, null, "refused"),
                new Health.Store("postgresql", "postgresql://arena:***@db:5432/arena", true),
                null,
                1,
                T,
                "v",
                true);

        assertThat(WireJson.write(h))
                .startsWith("{\"status\":\"degraded\",\"backend\":\"redis\","
                        + "\"redis\":{\"url\":\"redis://:***@h:6379/0\",\"ping_ms\":null,\"error\":\"refused\"},");
        assertThat(WireJson.write(h))
                .as("no duckdb section on PostgreSQL")
                .contains(
                        "\"store\":{\"kind\":\"postgresql\",\"location\":\"postgresql://arena:***@db:5432/arena\",\"ok\":true},\"uptime_seconds\"");
        assertThat(WireJson.read(WireJson.write(h), Health.class)).isEqualTo(h);
    }

    @Test
    void runTimestamps_haveSixDigits_forkTimestamps_areInstantToString() {
        RunSummary run = new RunSummary(
                "r", null, RunStatus.RUNNING, Instant.parse("2026-11-22T06:46:21Z"), null, 4, 4, RunSource.LIVE, false);
        ForkTaskView fork = new ForkTaskView(
                "fork-1",
                "p",
                "c",
                ForkState.RUNNING,
                "continuing",
                Instant.parse("2026-11-22T06:46:21.123Z"),
                Instant.parse("2026-11-22T06:46:21.123Z"),
                1.5,
                false,
                2,
                3,
                List.of(),
                null);

        assertThat(WireJson.write(run))
                .isEqualTo("{\"run_id\":\"r\",\"parent_run_id\":null,\"status\":\"running\","
                        + "\"started_at\":\"2026-11-22T06:46:21.000000Z\",\"finished_at\":null,\"last_seq\":4,\"event_count\":4,"
                        + "\"source\":\"live\",\"persisted\":false}");
        assertThat(WireJson.write(fork)).contains("\"started_at\":\"2026-11-22T06:46:21.123Z\"");
    }

    @Test
    void everyRecord_writesTheSameFieldsAsDatabind() throws Exception {
        ForkTaskView fork = new ForkTaskView(
                "fork-1",
                "p",
                "c",
                ForkState.FAILED,
                "replaying",
                T,
                T,
                0.0,
                false,
                2,
                3,
                List.of("a.B.c(B.java:1)"),
                "boom");
        ObjectMapper plain = new ObjectMapper();
        for (Record r : List.<Record>of(
                new ForkList(List.of(fork)),
                new ForkStarted("c", "fork-1", fork),
                new ForkCancelled("fork-1", true, fork),
                new ErrorBody("not_found", "no"),
                StreamOverflow.trimmed(9001, 1),
                StreamOverflow.lost(141),
                new StreamEnd("r", 57, "complete"))) {
            assertThat(WireJson.write(r)).as(r.getClass().getSimpleName()).isEqualTo(plain.writeValueAsString(r));
        }
    }

    @Test
    void read_roundTripsEveryRecord() {
        RunDetail detail = new RunDetail(
                "r", "p", RunStatus.REAPED, T, T, 1, 42, 42, 1, T, 3.2, 21597L, 42, RunSource.ARCHIVE, true, 42, 1);
        ServerMetrics metrics =
                new ServerMetrics(1, 2, 3, 4, 5, 6, 7, 10, 8, 9, Backend.REDIS, T, 11, 12, 13, 1.5, 500, 3600L, 14);
        ReapReceipt receipt = new ReapReceipt("r", true, RunStatus.REAPED, 42, "fork-12345678");
        AuditEntry audit = new AuditEntry(T, "reap", "r", "server-admin", "ok", "d", null);

        for (Record r : List.<Record>of(detail, metrics, receipt, audit)) {
            assertThat(WireJson.read(WireJson.write(r), r.getClass())).isEqualTo(r);
        }
        assertThat(WireJson.write(audit)).doesNotContain("env");
    }

    @Test
    void readList_readsTheRunsArray_andRefusesAnObject() {
        RunSummary a = new RunSummary("a", null, RunStatus.RUNNING, T, null, 4, 4, RunSource.LIVE, false);
        RunSummary b = new RunSummary("b", "a", RunStatus.COMPLETE, T, T, 9, 9, RunSource.ARCHIVE, true);

        String text = WireJson.write(List.of(a, b));

        assertThat(text).startsWith("[{\"run_id\":\"a\"");
        assertThat(WireJson.readList(text, RunSummary.class)).containsExactly(a, b);
        assertThat(WireJson.readList("[]", RunSummary.class)).isEmpty();
        assertThatThrownBy(() -> WireJson.readList("{\"runs\":[]}", RunSummary.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a JSON array");
        assertThatThrownBy(() -> WireJson.readList("[{\"run_id\":\"a\"}", RunSummary.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void read_skipsUnknownFields_andReadsAbsentOnesAsNullOrZero() {
        ServerMetrics m = WireJson.read(
                "{\"events_published\":12,\"future\":{\"x\":[1,2]},\"backend\":\"inprocess\"}", ServerMetrics.class);

        assertThat(m.eventsPublished()).isEqualTo(12);
        assertThat(m.runsOpen()).isZero();
        assertThat(m.backend()).isEqualTo(Backend.INPROCESS);
        assertThat(m.ts()).isNull();
    }

    @Test
    void read_rejectsMalformedJson_andValuesOfTheWrongType() {
        assertThatThrownBy(() -> WireJson.read("{\"events_published\":", ServerMetrics.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> WireJson.read("{\"events_published\":\"many\"}", ServerMetrics.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("events_published");
        assertThatThrownBy(() -> WireJson.read("{\"backend\":\"carrier-pigeon\"}", ServerMetrics.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carrier-pigeon");
    }

    @Test
    void fields_listsWireNamesInOrder() {
        assertThat(WireJson.fields(new ErrorBody("e", "d"))).containsExactly(entry("error", "e"), entry("detail", "d"));
    }

    @Test
    void enums_writeTheNameDatabindFindsThroughJsonValue_andReadBack() throws Exception {
        ObjectMapper plain = new ObjectMapper();
        for (Class<? extends Enum<?>> type : List.<Class<? extends Enum<?>>>of(
                Backend.class,
                DependencyStatus.class,
                ForkLiveness.class,
                ForkState.class,
                HealthStatus.class,
                ReadinessStatus.class,
                RunSource.class,
                RunStatus.class)) {
            for (Enum<?> constant : type.getEnumConstants()) {
                String wire = plain.writeValueAsString(constant);
                assertThat(WireJson.write(List.of(constant)))
                        .as(constant.toString())
                        .isEqualTo("[" + wire + "]");
            }
        }
        RunSummary run = new RunSummary("r", null, RunStatus.CANCELLED, T, null, 0, 0, RunSource.ARCHIVE, true);
        assertThat(WireJson.read(WireJson.write(run), RunSummary.class)).isEqualTo(run);
    }
}
