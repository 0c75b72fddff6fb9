package dev.arena.server;

import dev.arena.config.Secrets;
import dev.arena.files.PrivateFiles;
import dev.arena.wire.AuditEntry;
import dev.arena.wire.WireJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON line per admin action to {@code ARENA_AUDIT_LOG}:
 * {@code {"ts","action","target","actor":"server-admin","result","detail"}}. Secrets are scrubbed
 * from the detail; the admin token is never written. The file is owner-only (0600, new directories
 * 0700: {@link PrivateFiles}). Thread-safe.
 */
final class AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    private final Path file;
    private final Clock clock;
    private final String[] secrets;

    AuditTrail(Path file, Clock clock, String... secrets) {
        this.file = file;
        this.clock = clock;
        this.secrets = secrets;
    }

    synchronized void record(String action, String target, String result, String detail) {
        AuditEntry line = new AuditEntry(
                clock.instant(), action, target, "server-admin", result, Secrets.scrub(detail, secrets), null);
        String text = WireJson.write(line) + "\n";
        try {
            PrivateFiles.append(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.error(
                    "cannot append to audit log {}: {} (action {} on {} was {})",
                    file,
                    e.getMessage(),
                    action,
                    target,
                    result);
        }
    }
}
