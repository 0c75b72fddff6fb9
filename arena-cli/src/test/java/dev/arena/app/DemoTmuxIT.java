package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.arena.testkit.ChildProcess;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: the shaded jar's {@code arena demo} inside a real tmux pane. Keys go in with
 * {@code tmux send-keys}, the screen comes back with {@code capture-pane}: a stuck fork must
 * appear on its own, {@code t} on it must show the triage verdict naming {@code arena diag cancel},
 * {@code c} on it must cancel it through the confirm dialog (the demo's own admin token: the user
 * sets none) and the fork panel must then say {@code cancelled}, and {@code q} must stop everything
 * and exit 0. Uses a private tmux server socket, killed afterwards.
 */
class DemoTmuxIT {

    private final String socket = "arena-demo-it-" + ProcessHandle.current().pid();
    private final String session = "demo";

    @BeforeEach
    void requireTmux() {
        try (ChildProcess p = ChildProcess.command("tmux", "-V").mergeStderr().start()) {
            if (p.awaitExit(Duration.ofSeconds(10)) != 0) {
                fail("tmux does not work here: apt-get install -y tmux");
            }
        } catch (UncheckedIOException e) {
            fail("tmux is missing: apt-get install -y tmux (" + e.getMessage() + ")");
        }
    }

    @AfterEach
    void killTmux() throws Exception {
        run(List.of("tmux", "-L", socket, "kill-server"));
    }

    @Test
    void demoShowsAStuckFork_triageNamesTheCancel_cCancelsIt_andQuitStopsEverything() throws Exception {
        Path jar = ShadedJar.path();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // No ARENA_ADMIN_TOKEN from the user: the demo makes its own for its console's guarded actions.
        String command = "unset ARENA_ADMIN_TOKEN; ARENA_LOG_LEVEL=WARN '" + java + "' -jar '" + jar
                + "' demo; echo DEMO-EXIT=$?; sleep 120";
        run(List.of("tmux", "-L", socket, "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command));

        await("the demo's console comes up")
                .atMost(60, TimeUnit.SECONDS)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(pane()).contains("health ok", "mode WRITE", "Open runs"));
        await("a stuck fork appears")
                .atMost(120, TimeUnit.SECONDS)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(
                        () -> assertThat(pane()).contains("STUCK").containsPattern("Fork tasks \\(\\d+, 1 STUCK\\)"));

        keys("Tab", "Tab"); // focus the fork tasks: the stuck one is first and selected
        await().atMost(10, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(pane()).contains("Enter stack", "c cancel"));
        keys("t");
        await("triage shows the verdict")
                .atMost(30, TimeUnit.SECONDS)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() ->
                        assertThat(pane()).contains("VERDICT: producer stuck", "Next step", "$ arena diag cancel"));
        Matcher fork = Pattern.compile("fork-([0-9a-f]{8})").matcher(pane());
        assertThat(fork.find()).as("the triage names the fork task").isTrue();
        String prefix = fork.group(1);

        keys("q"); // close the triage window
        await().atMost(10, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(pane()).doesNotContain("VERDICT:"));
        keys("c");
        await("the cancel dialog shows its field")
                .atMost(30, TimeUnit.SECONDS)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(pane())
                        .contains(
                                "Cancel fork-" + prefix,
                                "Type " + prefix + " to confirm",
                                "to confirm: [____________]",
                                "PAUSED"));
        String dialog = pane();
        keys(prefix); // the focus starts on Cancel: typing goes to the field
        await().atMost(10, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(pane()).contains("[" + prefix + "____]"));
        keys("Enter"); // Enter in the field confirms
        await("the cancel is done and verified")
                .atMost(30, TimeUnit.SECONDS)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(
                        () -> assertThat(pane()).contains("DONE:", "verify: fork task fork-" + prefix + ": cancelled"));
        String done = pane();
        keys("Enter"); // Close
        await("the console says it cancelled, and no fork is stuck any more")
                .atMost(30, TimeUnit.SECONDS)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(pane())
                        .doesNotContain("PAUSED")
                        .contains("cancel fork-" + prefix + " DONE: cancelled fork-" + prefix)
                        .containsPattern("Fork tasks \\(\\d+\\)")
                        .containsPattern(
                                prefix + " +\\S+ +\\S+ +cancelled +fork-" + prefix)); // its row in the fork panel
        String after = pane();
        assertThat(dialog + done + after).doesNotContainPattern("Bearer [A-Za-z0-9_-]{20,}");
        Path target = ShadedJar.path().getParent();
        Files.writeString(target.resolve("demo-cancel-dialog.txt"), dialog);
        Files.writeString(target.resolve("demo-cancel-done.txt"), done);
        Files.writeString(target.resolve("demo-cancel-after.txt"), after);

        keys("q"); // quit the console: the demo stops the traffic and the server
        await("the demo exits cleanly")
                .atMost(60, TimeUnit.SECONDS)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(pane()).contains("arena demo: stopped", "DEMO-EXIT=0"));
    }

    private String pane() throws Exception {
        return run(List.of("tmux", "-L", socket, "capture-pane", "-p", "-t", session));
    }

    private void keys(String... keys) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "send-keys", "-t", session));
        cmd.addAll(List.of(keys));
        run(cmd);
    }

    private static String run(List<String> command) {
        try (ChildProcess p = ChildProcess.command(command).mergeStderr().start()) {
            p.awaitExit(Duration.ofSeconds(20));
            return p.stdout();
        }
    }
}
