package dev.arena.app.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.arena.config.LogSettings;
import java.util.Iterator;

/**
 * Applies {@code ARENA_LOG_FORMAT} to the Logback configuration of {@code logback.xml}: {@code text}
 * keeps its dated pattern, {@code json} swaps the encoder of every root appender for Logback's own
 * {@link JsonEncoder} — one JSON object per line with {@code timestamp} (epoch ms), {@code level},
 * {@code threadName}, {@code loggerName}, {@code formattedMessage} and any {@code throwable}; and, for commands that
 * print no stack traces, folds a logged exception onto its text line. A no-op when Logback is not the SLF4J backend
 * (tests, embedding).
 *
 * <p>Logback starts only when something first logs: a short command that logs nothing ({@code arena diag metrics})
 * does not pay for reading {@code logback.xml}. Until then the format asked for is kept, and
 * {@link ArenaLogbackConfigurator} applies it as Logback starts, before the first line is written.
 */
public final class LogFormatSetup {

    /** The format asked for last; null before {@link #apply(LogSettings.Format, boolean)}. Guarded by the class. */
    private static Requested requested;

    /** The Logback context {@link ArenaLogbackConfigurator} configured; null until Logback starts. Guarded by the class. */
    private static LoggerContext started;

    private record Requested(LogSettings.Format format, boolean stackTraces) {}

    private LogFormatSetup() {}

    /**
     * The text line of {@code logback.xml} with a logged exception folded onto the line —
     * {@code … - message [java.io.IOException: refused Caused by: …]} — instead of its stack trace.
     */
    static final String ONE_LINE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg"
            + "%replace(%replace( [%ex{0}]){'\\s*\\n\\s*', ' '}){' ?\\[ *\\]$|\\s+(?=\\]$)', ''}%nopex%n";

    /** Reconfigures the root appenders for {@code format}, stack traces kept (the server's log). */
    public static void apply(LogSettings.Format format) {
        apply(format, true);
    }

    /**
     * Reconfigures the root appenders for {@code format}; without {@code stackTraces} a text line carries a logged
     * exception's type and message, never its stack trace ({@code arena diag} without {@code --debug}, the producers,
     * the console).
     */
    public static void apply(LogSettings.Format format, boolean stackTraces) {
        LoggerContext ctx;
        synchronized (LogFormatSetup.class) {
            requested = new Requested(format, stackTraces);
            ctx = started;
        }
        if (ctx != null) {
            reconfigure(ctx, format, stackTraces);
        }
        // else: Logback has not started (nothing has logged yet); it applies the request when it does
    }

    /** Called by {@link ArenaLogbackConfigurator} once {@code logback.xml} is read: applies any pending request. */
    static void started(LoggerContext ctx) {
        Requested pending;
        synchronized (LogFormatSetup.class) {
            started = ctx;
            pending = requested;
        }
        if (pending != null) {
            reconfigure(ctx, pending.format(), pending.stackTraces());
        }
    }

    private static void reconfigure(LoggerContext ctx, LogSettings.Format format, boolean stackTraces) {
        if (format == LogSettings.Format.TEXT && stackTraces) {
            return; // logback.xml as it is
        }
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> stream) {
                stream.stop();
                stream.setEncoder(format == LogSettings.Format.JSON ? jsonEncoder(ctx) : oneLineEncoder(ctx));
                stream.start();
            }
        }
    }

    private static PatternLayoutEncoder oneLineEncoder(LoggerContext ctx) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(ONE_LINE_PATTERN);
        encoder.start();
        return encoder;
    }

    private static JsonEncoder jsonEncoder(LoggerContext ctx) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(ctx);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
