package dev.arena.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Every log event of a test, from the root logger (as {@code RouterTest} captures them):
 * {@code @RegisterExtension final CapturedLogs logs = new CapturedLogs();}.
 */
final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @Override
    public void beforeEach(ExtensionContext context) {
        appender.list.clear();
        appender.start();
        root.addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root.detachAppender(appender);
        appender.stop();
    }

    /** WARN and ERROR events so far. */
    List<ILoggingEvent> warnings() {
        synchronized (appender) {
            return appender.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .toList();
        }
    }

    /** Events so far that carry a stack trace. */
    List<ILoggingEvent> withStackTraces() {
        synchronized (appender) {
            return appender.list.stream()
                    .filter(e -> e.getThrowableProxy() != null)
                    .toList();
        }
    }

    /** Events so far at {@code level} or above, one per line: for assertion messages. */
    String shown() {
        synchronized (appender) {
            StringBuilder out = new StringBuilder();
            for (ILoggingEvent e : appender.list) {
                out.append(e.getLevel())
                        .append(' ')
                        .append(e.getLoggerName())
                        .append(": ")
                        .append(e.getFormattedMessage())
                        .append(
                                e.getThrowableProxy() == null
                                        ? ""
                                        : " [stack trace: "
                                                + e.getThrowableProxy().getClassName() + "]")
                        .append('\n');
            }
            return out.toString();
        }
    }
}
