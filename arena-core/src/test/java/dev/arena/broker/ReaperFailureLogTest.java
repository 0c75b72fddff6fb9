package dev.arena.broker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A reap whose persisting fails keeps the run and logs the failure once, at ERROR, with its stack trace. */
class ReaperFailureLogTest {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger(Reaper.class);

    @BeforeEach
    void capture() {
        appender.start();
        log.addAppender(appender);
    }

    @AfterEach
    void release() {
        log.detachAppender(appender);
        appender.stop();
    }

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
            assertThat(appender.list)
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
