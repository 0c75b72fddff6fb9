package dev.arena.diag.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {

    @TempDir
    Path dir;

    @Test
    void withRedisPassword_replacesPasswordAndUrlCredentials_keepsEverythingElse() {
        String before =
                "# secrets\nexport REDIS_PASSWORD='old-secret'\nREDIS_URL=redis://:old-secret@localhost:6379/0\nOTHER=1\n";
        String after = EnvFile.withRedisPassword(before, "NEWpw_-x");
        assertThat(after)
                .isEqualTo(
                        "# secrets\nexport REDIS_PASSWORD=NEWpw_-x\nREDIS_URL=redis://:NEWpw_-x@localhost:6379/0\nOTHER=1\n");
    }

    @Test
    void withRedisPassword_appendsWhenAbsent() {
        assertThat(EnvFile.withRedisPassword("A=1\n", "pw12")).isEqualTo("A=1\nREDIS_PASSWORD=pw12\n");
        assertThat(EnvFile.withRedisPassword("", "pw12")).isEqualTo("REDIS_PASSWORD=pw12\n");
    }

    @Test
    void writeAtomically_leavesMode0600AndNoTempFiles() throws Exception {
        Path file = dir.resolve(".env");
        Files.writeString(file, "REDIS_PASSWORD=a\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        EnvFile env = new EnvFile(file);
        env.writeAtomically("REDIS_PASSWORD=b\n");
        assertThat(Files.readString(file)).isEqualTo("REDIS_PASSWORD=b\n");
        assertThat(env.mode()).isEqualTo("rw-------");
        assertThat(env.value("REDIS_PASSWORD")).contains("b");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(".env");
        }
    }

    @Test
    void generatedPasswords_are32UrlSafeCharsWithoutEqualsPlusOrSlash() {
        var random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            String p = PasswordRotation.generatePassword(random);
            assertThat(p).hasSize(32).matches("[A-Za-z0-9_-]+");
        }
    }
}
