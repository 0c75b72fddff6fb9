package dev.arena.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.arena.broker.RunId;
import dev.arena.fixture.CapturedLogs;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A race logs publish failures once per run and state change (failing, recovered), with a count,
 * however many publishes a run refuses and however the other runs' successes interleave.
 */
class RaceFailureLogTest {

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs(Race.class);

    private final RaceCounters counters = new RaceCounters();
    private final RunId reaped = RunId.parse("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
    private final RunId healthy = RunId.parse("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");

    private List<String> lines(Level level) {
        return logs.events().stream()
                .filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static CompletableFuture<Long> refused() {
        return CompletableFuture.failedFuture(new IllegalStateException("run is closed"));
    }

    @Test
    void aReapedRunRefusingEveryPublish_whileOthersSucceed_logsOneWarningAndOneCountAtTheEnd() {
        for (int i = 0; i < 145; i++) {
            counters.track(reaped, refused());
            counters.track(healthy, CompletableFuture.completedFuture((long) i));
        }
        counters.reportStillFailing();

        assertThat(lines(Level.WARN))
                .containsExactly(
                        "race run aaaaaaaa: publish failed (further failures of this run are counted, not logged,"
                                + " until one succeeds): java.lang.IllegalStateException: run is closed",
                        "race run aaaaaaaa: 145 publish(es) failed and none succeeded since:"
                                + " java.lang.IllegalStateException: run is closed");
        assertThat(lines(Level.INFO)).isEmpty();
        assertThat(counters.failures()).isEqualTo(145);
        assertThat(counters.events()).isEqualTo(145);
    }

    @Test
    void aRunThatRecovers_saysSoOnceWithItsFailureCount_andIsNotReportedAtTheEnd() {
        counters.failed(reaped, new IllegalStateException("redis down"));
        counters.track(reaped, refused());
        counters.track(reaped, CompletableFuture.completedFuture(1L));
        counters.track(reaped, CompletableFuture.completedFuture(2L));
        counters.reportStillFailing();

        assertThat(lines(Level.WARN)).hasSize(1);
        assertThat(lines(Level.INFO)).containsExactly("race run aaaaaaaa: publishes succeed again after 2 failure(s)");
    }
}
