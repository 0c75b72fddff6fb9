package dev.arena.server;

import dev.arena.config.LogSettings;
import dev.arena.files.PrivateFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * The optional access log ({@code ARENA_ACCESS_LOG}, docs/configuration.md): one line per request,
 * Jetty's {@link CustomRequestLog}. The line names the client, the UTC time, the method, the path
 * <em>without</em> its query string, the protocol, the status, the bytes sent and the duration — and
 * no request header but User-Agent, so neither the {@code Authorization} bearer token nor anything a
 * client put in a query ever reaches it. {@code -} writes through SLF4J (logger {@value #LOGGER}, INFO)
 * into the process log and its format; a path appends to an owner-only file ({@link PrivateFiles}).
 */
final class AccessLog {

    /** The SLF4J logger the {@code -} target writes to. */
    static final String LOGGER = "dev.arena.access";

    /** Apache-like, minus the query ({@code %U} not {@code %r}) and minus every credential-bearing header. */
    static final String FORMAT =
            "%{client}a - %{yyyy-MM-dd'T'HH:mm:ss.SSSXXX|UTC}t \"%m %U %H\" %s %O %{ms}Tms \"%{User-Agent}i\"";

    private AccessLog() {}

    /** The request log for {@code target} ({@code -} or a file path). */
    static RequestLog to(String target) {
        if (LogSettings.ACCESS_LOG_TO_PROCESS_LOG.equals(target)) {
            Slf4jRequestLogWriter writer = new Slf4jRequestLogWriter();
            writer.setLoggerName(LOGGER);
            return new CustomRequestLog(writer, FORMAT);
        }
        return new CustomRequestLog(new PrivateFileWriter(Path.of(target)), FORMAT);
    }

    /** Appends each line to a file created 0600 (an existing one is tightened), opened at server start. */
    static final class PrivateFileWriter extends AbstractLifeCycle implements RequestLog.Writer {
        private final Path file;
        private OutputStream out;

        PrivateFileWriter(Path file) {
            this.file = file;
        }

        @Override
        protected void doStart() throws IOException {
            PrivateFiles.createFile(file);
            out = Files.newOutputStream(file, StandardOpenOption.APPEND);
        }

        @Override
        public synchronized void write(String entry) throws IOException {
            if (out != null) {
                out.write((entry + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }

        @Override
        protected synchronized void doStop() throws IOException {
            if (out != null) {
                out.close();
                out = null;
            }
        }
    }
}
