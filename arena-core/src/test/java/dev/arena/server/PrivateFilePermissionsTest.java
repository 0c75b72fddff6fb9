package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.store.RunStore;
import dev.arena.store.StoredRun;
import dev.arena.wire.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's audit log and the DuckDB file (and its WAL) are owner-only: files 0600, directories
 * Arena creates 0700; an existing world-readable file is tightened and keeps its content.
 */
class PrivateFilePermissionsTest {

    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

    @TempDir
    Path dir;

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(
                Files.readAttributes(p, PosixFileAttributes.class).permissions());
    }

    @Test
    void serverAuditLog_isCreated0600_inDirectoriesCreated0700() throws Exception {
        Path file = dir.resolve("new/data/audit.jsonl");
        new AuditTrail(file, Clock.fixed(T0, ZoneOffset.UTC), "s3cret").record("reap", "run-1", "ok", "by s3cret");

        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("new/data"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("new"))).isEqualTo("rwx------");
        assertThat(Files.readString(file)).contains("\"action\":\"reap\"").doesNotContain("s3cret");
    }

    @Test
    void existingWorldReadableAuditLog_isTightened_andKeepsItsLines() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "{\"action\":\"old\"}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        new AuditTrail(file, Clock.fixed(T0, ZoneOffset.UTC)).record("cancel-fork", "run-2", "ok", "");

        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(Files.readAllLines(file)).hasSize(2).first().asString().contains("old");
    }

    @Test
    void duckDbFile_andItsWal_are0600_inADirectoryCreated0700() throws Exception {
        Path db = dir.resolve("store/arena.duckdb");
        RunId run = RunId.random();
        try (RunStore store = RunStore.open(db)) {
            assertThat(mode(db)).isEqualTo("rw-------");
            assertThat(mode(dir.resolve("store"))).isEqualTo("rwx------");
            assertThat(dir.resolve("store/arena.duckdb.wal"))
                    .as("the WAL the CREATE TABLEs start")
                    .exists();
            assertThat(mode(dir.resolve("store/arena.duckdb.wal"))).isEqualTo("rw-------");
            store.persist(
                    new StoredRun(run, null, RunStatus.COMPLETE, T0, T0.plusSeconds(1), 2, 2),
                    List.of(
                            Envelope.of(run, 1, Event.of("run.start"), T0),
                            Envelope.of(run, 2, Event.of("run.complete"), T0)));
            Path wal = dir.resolve("store/arena.duckdb.wal");
            if (Files.exists(wal)) {
                assertThat(mode(wal)).isEqualTo("rw-------");
            }
        }
        assertThat(mode(db)).isEqualTo("rw-------");
    }

    @Test
    void existingWorldReadableDuckDbFile_isTightened_andStillOpens() throws Exception {
        Path db = dir.resolve("arena.duckdb");
        RunId run = RunId.random();
        try (RunStore store = RunStore.open(db)) {
            store.persist(
                    new StoredRun(run, null, RunStatus.COMPLETE, T0, T0.plusSeconds(1), 1, 1),
                    List.of(Envelope.of(run, 1, Event.of("run.complete"), T0)));
        }
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));

        try (RunStore store = RunStore.open(db)) {
            assertThat(mode(db)).isEqualTo("rw-------");
            assertThat(store.run(run)).isPresent();
        }
    }
}
