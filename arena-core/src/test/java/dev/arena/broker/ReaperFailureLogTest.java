package dev.arena.broker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.CapturedLogs;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A reap whose persisting fails keeps the run and logs the failure once, at ERROR, with its stack trace. */
class ReaperFailureLogTest {

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs(Reaper.class);

    @Test
    void failedPersist_keepsTheRun_andLogsTheCauseWithItsStackTrace() throws Exception {
        IOException diskFull = new IOException("No space left on device");
        try (EventBroker broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC())) {
            RunId run = RunId.random();
            broker.openRun(run, Map.of()).get(5, TimeUnit.SECONDS);
            Reaper reaper = new Reaper(broker, Clock.systemUTC(), Duration.ofMinutes(30), (info, retained) -> {
                throw diskFull;
            });

            assertThat(reaper.reapRun(run, "test")).isEqualTo(Reaper.Outcome.FAILED);

            assertThat(broker.run(run)).isPresent();
            assertThat(logs.events())
                    .filteredOn(e -> e.getLevel() == Level.ERROR)
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.getFormattedMessage())
                                .contains(run.toString())
                                .contains("NOT dropped")
                                .contains("No space left on device");
                        assertThat(e.getThrowableProxy()).isNotNull();
                        assertThat(e.getThrowableProxy().getClassName()).isEqualTo(IOException.class.getName());
                    });
        }
    }
}
