package dev.arena.diag.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.RunId;
import dev.arena.config.ArenaConfig;
import dev.arena.diag.DiagContext;
import dev.arena.diag.source.DiagSources;
import dev.arena.testkit.RedisServer;
import dev.arena.time.ManualTicker;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Triage waits through its sources' ticker: a five-minute watch costs no time in a test, and without
 * a watch it does not wait at all.
 */
class TriageTest {

    private static final RunId RUN = RunId.parse("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d");

    @Test
    void triage_waitsTheWindowOnTheTicker_once_betweenTheTwoLooks() {
        int closed = RedisServer.freePort();
        DiagContext context = DiagContext.from(
                ArenaConfig.from(Map.of("ARENA_SERVER_URL", "http://127.0.0.1:" + closed)), null, null, false);
        ManualTicker ticker = new ManualTicker();
        try (DiagSources sources = new DiagSources(context, "triage-test", Clock.systemUTC(), ticker)) {
            TriageReport report = new Triage(sources, Duration.ofMinutes(5), Duration.ofSeconds(60)).triage(RUN);

            assertThat(ticker.sleeps()).containsExactly(Duration.ofMinutes(5));
            assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
            assertThat(report.windowMillis()).isEqualTo(300_000);
            assertThat(report.headline()).startsWith("no source reachable: ");
        }
    }

    @Test
    void triage_withoutAWatch_looksOnce_andWaitsForNothing() {
        int closed = RedisServer.freePort();
        DiagContext context = DiagContext.from(
                ArenaConfig.from(Map.of("ARENA_SERVER_URL", "http://127.0.0.1:" + closed)), null, null, false);
        ManualTicker ticker = new ManualTicker();
        try (DiagSources sources = new DiagSources(context, "triage-test", Clock.systemUTC(), ticker)) {
            TriageReport report = new Triage(sources, Triage.ONE_LOOK, Duration.ofSeconds(60)).triage(RUN);

            assertThat(ticker.sleeps()).isEmpty();
            assertThat(report.windowMillis()).isZero();
            assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
        }
    }
}
