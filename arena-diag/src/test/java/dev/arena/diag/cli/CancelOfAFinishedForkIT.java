package dev.arena.diag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.support.DiagRun;
import dev.arena.testkit.CannedHttpServer;
import dev.arena.wire.ForkList;
import dev.arena.wire.ForkLiveness;
import dev.arena.wire.ForkState;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.WireJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fork task that finishes on its own between {@code arena diag cancel}'s preview and its request:
 * the server answers 409 {@code already_finished}, and the command says plainly that the task had
 * already finished and nothing was cancelled (exit 3), instead of a bare HTTP status.
 */
class CancelOfAFinishedForkIT {

    private static final String NAME = "fork-3f2b8c1e";
    private static final String CHILD = "3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d";

    @TempDir
    Path dir;

    private CannedHttpServer http;

    @BeforeEach
    void start() throws IOException {
        http = CannedHttpServer.start();
        Instant now = Instant.now();
        ForkTaskView stuck = new ForkTaskView(
                NAME,
                "a8bca10f-0000-4000-8000-000000000000",
                CHILD,
                ForkState.RUNNING,
                "continuing",
                now.minusSeconds(300),
                now.minusSeconds(200),
                200,
                true,
                ForkLiveness.STUCK,
                150.0,
                10,
                12,
                List.of(),
                null);
        http.answer("/debug/forks", 200, WireJson.write(new ForkList(List.of(stuck))));
        http.answer("/runs/" + CHILD, 404, "{\"error\":\"not_found\",\"detail\":\"unknown run\"}");
        http.answer(
                "/admin/forks/" + NAME + "/cancel",
                409,
                "{\"error\":\"already_finished\",\"detail\":\"fork task " + NAME
                        + " had already finished (done) by itself while the cancel was on its way: nothing was cancelled\"}");
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void cancelOfATaskThatFinishedMeanwhile_saysItHadAlreadyFinished_exit3() {
        DiagRun.Result r = DiagRun.run(
                Map.of(
                        "ARENA_SERVER_URL",
                        http.url(),
                        "ARENA_ADMIN_TOKEN",
                        "cancel-test-token",
                        "ARENA_AUDIT_LOG",
                        dir.resolve("audit.jsonl").toString()),
                "cancel",
                NAME,
                "--yes");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.all())
                .contains("fork task " + NAME
                        + " had already finished before the cancel reached it: nothing was cancelled")
                .contains("409")
                .doesNotContain("\tat ");
    }
}
