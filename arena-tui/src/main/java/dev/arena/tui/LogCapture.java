package dev.arena.tui;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import dev.arena.config.Secrets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * While the console owns the terminal, log lines must not be printed over it: this moves the
 * root logger's appenders aside and sends warnings and errors to the console's log panel instead
 * (secrets masked), restoring the appenders on {@link #close()}. A no-op when logback is not the
 * SLF4J backend.
 */
final class LogCapture implements AutoCloseable {

    private final List<Appender<ILoggingEvent>> saved = new ArrayList<>();
    private final Logger root;
    private final AppenderBase<ILoggingEvent> sink;

    LogCapture(Consumer<String> lines, String... secrets) {
        Object factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext ctx)) {
            root = null;
            sink = null;
            return;
        }
        root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            saved.add(it.next());
        }
        sink = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                if (e.getLevel().isGreaterOrEqual(Level.WARN)) {
                    String logger = e.getLoggerName();
                    String shortName = logger.substring(logger.lastIndexOf('.') + 1);
                    lines.accept(
                            e.getLevel() + " " + shortName + ": " + Secrets.scrub(e.getFormattedMessage(), secrets));
                }
            }
        };
        sink.setContext(ctx);
        sink.setName("arena-console");
        sink.start();
        root.addAppender(sink);
        saved.forEach(root::detachAppender);
    }

    @Override
    public void close() {
        if (root == null) {
            return;
        }
        saved.forEach(root::addAppender);
        root.detachAppender(sink);
        sink.stop();
    }
}
