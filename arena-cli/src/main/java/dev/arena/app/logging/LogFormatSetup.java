package dev.arena.app.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.arena.config.LogSettings;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code ARENA_LOG_FORMAT} to the Logback configuration of {@code logback.xml}: {@code text}
 * keeps its dated pattern, {@code json} swaps the encoder of every root appender for Logback's own
 * {@link JsonEncoder} — one JSON object per line with {@code timestamp} (epoch ms), {@code level},
 * {@code threadName}, {@code loggerName}, {@code formattedMessage} and any {@code throwable}. A no-op
 * when Logback is not the SLF4J backend (tests, embedding).
 */
public final class LogFormatSetup {

    private LogFormatSetup() {}

    /** Reconfigures the root appenders for {@code format}. */
    public static void apply(LogSettings.Format format) {
        if (format != LogSettings.Format.JSON || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> stream) {
                stream.stop();
                stream.setEncoder(jsonEncoder(ctx));
                stream.start();
            }
        }
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
