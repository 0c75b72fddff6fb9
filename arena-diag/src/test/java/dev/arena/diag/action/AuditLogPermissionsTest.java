package dev.arena.diag.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.wire.AuditEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log of guarded actions is owner-only: the file 0600, directories diag creates 0700; an
 * existing world-readable file is tightened and keeps its lines.
 */
class AuditLogPermissionsTest {

    @TempDir
    Path dir;

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(
                Files.readAttributes(p, PosixFileAttributes.class).permissions());
    }

    static AuditEntry entry(String action) {
        return new AuditEntry(Instant.parse("2026-11-29T12:00:00Z"), action, "run-1", "ops", "ok", "detail", "prod");
    }

    @Test
    void diagAuditLog_isCreated0600_inDirectoriesCreated0700() throws Exception {
        Path file = dir.resolve("a/b/audit.jsonl");
        new AuditLog(file).append(entry("reap"), List.of());

        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
    }

    @Test
    void existingWorldReadableDiagAuditLog_isTightened_andStillAppends() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = new AuditLog(file);
        log.append(entry("first"), List.of());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        log.append(entry("second"), List.of());

        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(log.tail(10)).extracting(AuditEntry::action).containsExactly("first", "second");
    }
}
