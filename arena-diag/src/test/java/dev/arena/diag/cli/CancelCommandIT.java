package dev.arena.diag.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.RunId;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.server.ServerClient;
import dev.arena.diag.support.DiagRun;
import dev.arena.fixture.ServerFixture;
import dev.arena.json.Json;
import dev.arena.wire.ForkState;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real server: {@code arena diag cancel} is guarded like reap
 * (preview with stage, idle and top frames; dry run; read-only refusal with exit 4; typed or
 * {@code --yes} confirmation; verified; audited), and {@code arena diag reap} of a fork's child
 * cancels its task as part of the same action.
 */
class CancelCommandIT {

    @TempDir
    static Path dir;

    private static ServerFixture server;
    private static ServerClient client;

    @BeforeAll
    static void start() throws Exception {
        server = ServerFixture.builder(dir)
                .stuckForksAfter(Duration.ofSeconds(1))
                .start();
        client = new ServerClient(server.url(), ServerFixture.ADMIN_TOKEN, Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    /**
     * A fork stalled in its simulated LLM call, reported stuck (the server's stuck-after is 1 s). The
     * server has two fork workers, so every test leaves no task of its own running.
     */
    private static ForkTaskView stuckFork() {
        RunId parent = server.finishedRun(10);
        String child = client.startFork(parent, null, Json.parse("{\"stall_at_seq\":14}"));
        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        task(child).stuck() && task(child).stack().toString().contains("SimulatedLlm"));
        return task(child);
    }

    private static ForkTaskView task(String child) {
        return client.forks().stream()
                .filter(f -> child.equals(f.childRunId()))
                .findFirst()
                .orElseThrow();
    }

    private static RunStatus status(String run) {
        return client.run(RunId.parse(run)).orElseThrow().status();
    }

    @Test
    void cancel_stuckFork_byChildRunId_previewsThenRefusesReadOnly_thenTypedConfirmCancelsVerifiesAndAudits()
            throws Exception {
        ForkTaskView f = stuckFork();
        String child = f.childRunId();
        String prefix = RunId.parse(child).prefix();

        DiagRun.Result dry = DiagRun.run(server.clientEnv(), "cancel", child, "--dry-run");
        assertThat(dry.exitCode()).as(dry.all()).isEqualTo(ExitCodes.OK);
        assertThat(dry.out())
                .contains("cancel " + f.name())
                .contains("STUCK")
                .contains("stage continuing")
                .contains("idle ")
                .contains("stack, top 3")
                .contains("  at ")
                .contains("SimulatedLlm")
                .contains("/admin/forks/" + f.name() + "/cancel")
                .contains("dry_run: nothing was changed");

        Map<String, String> readonlyEnv = new HashMap<>(server.clientEnv());
        readonlyEnv.put("ARENA_READONLY", "1");
        DiagRun.Result refusedByEnv = DiagRun.run(readonlyEnv, "cancel", child, "--yes");
        assertThat(refusedByEnv.exitCode()).as(refusedByEnv.all()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refusedByEnv.err()).contains("read-only");
        DiagRun.Result refusedByFlag =
                DiagRun.run(server.clientEnv(), "cancel", child, "--yes", "--readonly", "--output", "json");
        assertThat(refusedByFlag.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(Json.parse(refusedByFlag.out()).get("result").asText()).isEqualTo("refused");
        assertThat(task(child).state()).isEqualTo(ForkState.RUNNING);

        DiagRun.Result wrong = DiagRun.typing(server.clientEnv(), "deadbeef", "cancel", child);
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(wrong.err()).contains("did not match '" + prefix + "'");
        assertThat(task(child).state()).isEqualTo(ForkState.RUNNING);

        DiagRun.Result done = DiagRun.typing(server.clientEnv(), prefix, "cancel", child);
        assertThat(done.exitCode()).as(done.all()).isEqualTo(ExitCodes.OK);
        assertThat(done.out())
                .contains(prefix)
                .contains("to cancel " + f.name())
                .contains("verification:")
                .contains("fork task " + f.name() + ": cancelled")
                .contains("GET /runs/" + child + ": cancelled");
        assertThat(task(child).state()).isEqualTo(ForkState.CANCELLED);
        assertThat(status(child)).isEqualTo(RunStatus.CANCELLED);

        String audit = Files.readString(server.clientAuditLog());
        assertThat(audit)
                .contains("\"action\":\"cancel\"")
                .contains("\"target\":\"" + f.name() + "\"")
                .contains("\"result\":\"refused\"")
                .contains("\"result\":\"not_confirmed\"")
                .contains("\"result\":\"done\"")
                .doesNotContain(ServerFixture.ADMIN_TOKEN);
        assertThat(Files.readString(server.serverAuditLog())).contains("\"action\":\"cancel-fork\"");

        DiagRun.Result again = DiagRun.run(server.clientEnv(), "cancel", f.name(), "--yes");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("already ended (cancelled)");
    }

    @Test
    void cancel_byForkName_withYes_json_verifiesTheRunEndedCancelled() {
        ForkTaskView f = stuckFork();

        DiagRun.Result done = DiagRun.run(server.clientEnv(), "cancel", f.name(), "--yes", "--output", "json");

        assertThat(done.exitCode()).as(done.all()).isEqualTo(ExitCodes.OK);
        JsonNode j = Json.parse(done.out());
        assertThat(j.get("action").asText()).isEqualTo("cancel");
        assertThat(j.get("target").asText()).isEqualTo(f.name());
        assertThat(j.get("result").asText()).isEqualTo("done");
        assertThat(j.get("preview").get("data").get("stage").asText()).isEqualTo("continuing");
        assertThat(j.get("preview").get("data").get("top_frames").size()).isEqualTo(3);
        assertThat(j.get("verification").toString()).contains("cancelled");
        assertThat(status(f.childRunId())).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void cancel_withoutToken_isRefused_andUnknownTarget_isExit3() {
        ForkTaskView f = stuckFork();
        Map<String, String> noToken = new HashMap<>(server.clientEnv());
        noToken.remove("ARENA_ADMIN_TOKEN");

        DiagRun.Result refused = DiagRun.run(noToken, "cancel", f.childRunId(), "--yes");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err()).contains("ARENA_ADMIN_TOKEN");
        assertThat(task(f.childRunId()).state()).isEqualTo(ForkState.RUNNING);

        DiagRun.Result unknown = DiagRun.run(server.clientEnv(), "cancel", "fork-00000000", "--yes");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(unknown.err()).contains("unknown fork task fork-00000000");
        DiagRun.Result bad = DiagRun.run(server.clientEnv(), "cancel", "no such/thing", "--yes");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(bad.err()).contains("neither a run id");
        client.cancelFork(f.name());
    }

    @Test
    void reap_ofAForkChild_previewSaysItCancelsTheTask_andAfterwardsNoTaskRunsForIt() {
        ForkTaskView f = stuckFork();
        String child = f.childRunId();

        DiagRun.Result dry = DiagRun.run(server.clientEnv(), "reap", child, "--force", "--dry-run");
        assertThat(dry.exitCode()).as(dry.all()).isEqualTo(ExitCodes.OK);
        assertThat(dry.out())
                .contains("fork task " + f.name() + " produces this run")
                .contains("the server first cancels fork task " + f.name());

        DiagRun.Result done = DiagRun.run(server.clientEnv(), "reap", child, "--force", "--yes");
        assertThat(done.exitCode()).as(done.all()).isEqualTo(ExitCodes.OK);
        assertThat(done.out())
                .contains("fork task " + f.name() + " cancelled by the server as part of the reap")
                .contains("GET /debug/forks: " + f.name() + " cancelled");

        ForkTaskView after = task(child);
        assertThat(after.state()).isEqualTo(ForkState.CANCELLED);
        assertThat(after.stuck()).isFalse();
        assertThat(status(child)).isEqualTo(RunStatus.REAPED);
        DiagRun.Result forks = DiagRun.run(server.clientEnv(), "forks", "--stuck");
        assertThat(forks.out()).doesNotContain(f.name());
    }
}
