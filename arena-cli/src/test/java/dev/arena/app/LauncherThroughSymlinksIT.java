package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.testkit.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./arena} called through a symlink, or a chain of them ({@code ln -s …/arena ~/bin/arena}),
 * follows the links to its checkout and looks for {@code mvnw} and the jar there, not beside the link. The checkout here is a copy of the launcher with the built jar linked in and no
 * sources and no {@code mvnw}: a launcher that looked in the wrong place, or tried to rebuild,
 * fails.
 */
class LauncherThroughSymlinksIT {

    @TempDir
    Path dir;

    @Test
    void launcherCalledThroughAChainOfSymlinks_findsItsCheckout_andPrintsTheVersion() throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("checkout"));
        Path launcher = Files.copy(repoRoot().resolve("arena"), checkout.resolve("arena"));
        assertThat(launcher.toFile().setExecutable(true)).isTrue();
        Files.createDirectories(checkout.resolve("arena-cli/target"));
        Files.createSymbolicLink(checkout.resolve("arena-cli/target/arena.jar"), ShadedJar.path());

        Path other = Files.createDirectories(dir.resolve("opt"));
        Files.createSymbolicLink(other.resolve("arena"), launcher); // absolute link
        Path bin = Files.createDirectories(dir.resolve("home/bin"));
        Files.createSymbolicLink(bin.resolve("arena"), Path.of("../../opt/arena")); // relative link to a link

        String out;
        try (ChildProcess p = ChildProcess.command(bin.resolve("arena").toString(), "--version")
                .directory(dir)
                .env("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"))
                .withoutInherited("ARENA_JAVA_OPTS")
                .mergeStderr()
                .start()) {
            p.closeStdin();
            int exit = p.awaitExit(Duration.ofSeconds(120));
            out = p.stdout();
            assertThat(exit).as(out).isZero();
        }
        assertThat(out)
                .contains("arena ")
                .contains("Java ")
                .doesNotContain("building")
                .doesNotContain("mvnw");
    }

    private static Path repoRoot() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.isRegularFile(d.resolve("arena"))) {
            d = d.getParent();
        }
        assertThat(d)
                .as("the arena launcher in a parent of the working directory")
                .isNotNull();
        return d;
    }
}
