package dev.arena.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Without stack traces, a logged exception is folded onto its log line: its type, message and causes, no frame. */
class OneLineExceptionsTest {

    private static String line(Throwable thrown) {
        LoggerContext ctx = new LoggerContext();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(LogFormatSetup.ONE_LINE_PATTERN);
        encoder.start();
        LoggingEvent event = new LoggingEvent(
                "test", ctx.getLogger("io.lettuce.core.Probe"), Level.WARN, "topology refresh failed", thrown, null);
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void aLoggedException_isOneLineWithItsCauses_andNoFrame() {
        String line = line(new IllegalStateException("outer", new IOException("Connection refused")));
        assertThat(line.lines()).hasSize(1);
        assertThat(line)
                .endsWith(" - topology refresh failed [java.lang.IllegalStateException: outer"
                        + " Caused by: java.io.IOException: Connection refused]" + System.lineSeparator())
                .doesNotContain("\tat ");
    }

    @Test
    void aLineWithoutException_hasNothingAppended() {
        assertThat(line(null)).endsWith(" - topology refresh failed" + System.lineSeparator());
    }
}
