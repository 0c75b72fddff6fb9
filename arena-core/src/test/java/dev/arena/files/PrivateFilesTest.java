package dev.arena.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic owner-only writes: the bug bundle's archive and the rotation's env file go through here. */
class PrivateFilesTest {

    @TempDir
    Path dir;

    @Test
    void writeAtomically_createsTheFile0600_inNew0700Directories_andLeavesNoTempFile() throws IOException {
        Path file = dir.resolve("a/b/bundle.zip");

        PrivateFiles.writeAtomically(file, "one".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(file)).isEqualTo("one");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a"))))
                .isEqualTo("rwx------");
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("bundle.zip");
        }
    }

    @Test
    void writeAtomically_replacesAnExistingWorldReadableFile_withA0600One() throws IOException {
        Path file = dir.resolve(".env");
        Files.writeString(file, "OLD=1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        PrivateFiles.writeAtomically(file, "NEW=2\n".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(file)).isEqualTo("NEW=2\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void writeAtomically_intoAPathUnderAFile_fails_andLeavesTheOldContent() throws IOException {
        Path blocker = dir.resolve("plain");
        Files.writeString(blocker, "x");

        assertThatThrownBy(() -> PrivateFiles.writeAtomically(blocker.resolve("f.zip"), new byte[] {1}))
                .isInstanceOf(IOException.class);
        assertThat(Files.readString(blocker)).isEqualTo("x");
    }
}
