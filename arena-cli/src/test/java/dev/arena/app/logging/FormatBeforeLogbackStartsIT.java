package dev.arena.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.config.LogSettings;
import dev.arena.testkit.ChildProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Logback starts only when something first logs, after the command has asked for its log format: the format must
 * still be the one asked for (the production {@code logback.xml}, in a JVM of its own so Logback starts fresh).
 */
class FormatBeforeLogbackStartsIT {

    /** Asks for {@code args[0]} (json or text) without stack traces, then logs for the first time. */
    public static void main(String[] args) {
        LogFormatSetup.apply(LogSettings.Format.valueOf(args[0].toUpperCase(java.util.Locale.ROOT)), false);
        LoggerFactory.getLogger("dev.arena.late").warn("first line", new IllegalStateException("boom"));
    }

    private static String firstLog(String format) {
        try (ChildProcess p = ChildProcess.java(FormatBeforeLogbackStartsIT.class.getName(), format)
                .jvmOption("-Dlogback.configurationFile=logback.xml")
                .withoutInherited("ARENA_")
                .start()) {
            assertThat(p.awaitExit(Duration.ofSeconds(60))).isZero();
            return p.stderr().strip();
        }
    }

    @Test
    void json_askedForBeforeLogbackStarts_isWhatTheFirstLineIs() {
        String line = firstLog("json");
        assertThat(line).startsWith("{").contains("\"formattedMessage\":\"first line\"", "\"level\":\"WARN\"");
    }

    @Test
    void oneLineExceptions_askedForBeforeLogbackStarts_foldTheFirstExceptionOntoItsLine() {
        String line = firstLog("text");
        assertThat(line.lines()).hasSize(1);
        assertThat(line).contains("first line [java.lang.IllegalStateException: boom]");
    }
}
