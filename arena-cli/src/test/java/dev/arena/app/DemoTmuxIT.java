package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: the shaded jar's {@code arena demo} inside a real tmux pane. Keys go in with
 * {@code tmux send-keys}, the screen comes back with {@code capture-pane}: a stuck fork must
 * appear on its own, {@code t} on it must show the triage verdict, and {@code q} must stop
 * everything and exit 0. Uses a private tmux server socket, killed afterwards.
 */
class DemoTmuxIT {

    private final String socket = "arena-demo-it-" + ProcessHandle.current().pid();
    private final String session = "demo";

    @BeforeEach
    void requireTmux() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail("tmux does not work here: apt-get install -y tmux");
            }
        } catch (IOException e) {
            fail("tmux is missing: apt-get install -y tmux (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    @AfterEach
    void killTmux() throws Exception {
        run(List.of("tmux", "-L", socket, "kill-server"));
    }

    @Test
    void demoShowsAStuckFork_triageShowsItsVerdict_andQuitStopsEverything() throws Exception {
        Path jar = shadedJar();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "ARENA_LOG_LEVEL=WARN '" + java + "' -jar '" + jar + "' demo; echo DEMO-EXIT=$?; sleep 120";
        run(List.of("tmux", "-L", socket, "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command));

        await("the demo's console comes up").atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(pane()).contains("health ok", "mode WRITE", "Open runs"));
        await("a stuck fork appears").atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(pane()).contains("STUCK").containsPattern("Fork tasks \\(\\d+, 1 STUCK\\)"));

        keys("Tab", "Tab"); // focus the fork tasks: the stuck one is first and selected
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(pane()).contains("Enter stack"));
        keys("t");
        await("triage shows the verdict").atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(pane()).contains("VERDICT: producer stuck", "Next step"));

        keys("q"); // close the triage window
        keys("q"); // quit the console: the demo stops the traffic and the server
        await("the demo exits cleanly").atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(pane()).contains("arena demo: stopped", "DEMO-EXIT=0"));
    }

    static Path shadedJar() throws Exception {
        Path testClasses = Path.of(DemoTmuxIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = testClasses.getParent().resolve("arena.jar");
        if (!Files.isRegularFile(jar)) {
            fail("the shaded jar " + jar + " is missing: build it with ./mvnw package (this test runs in verify, after package)");
        }
        return jar;
    }

    private String pane() throws Exception {
        return run(List.of("tmux", "-L", socket, "capture-pane", "-p", "-t", session));
    }

    private void keys(String... keys) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "send-keys", "-t", session));
        cmd.addAll(List.of(keys));
        run(cmd);
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
