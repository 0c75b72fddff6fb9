package dev.arena.diag.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.RunId;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.server.ServerClient;
import dev.arena.diag.support.DiagRun;
import dev.arena.fixture.ServerFixture;
import dev.arena.json.Json;
import dev.arena.wire.ForkTaskView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fork stalled by fault injection on a real server: every diag view must call it stuck and exit 2. */
class StuckForkIT {

    @TempDir
    static Path dir;

    private static ServerFixture server;
    private static ServerClient client;
    private static String child;
    private static String forkName;

    @BeforeAll
    static void stallAFork() throws Exception {
        server = ServerFixture.builder(dir)
                .stuckForksAfter(Duration.ofSeconds(1))
                .start();
        client = new ServerClient(server.url(), ServerFixture.ADMIN_TOKEN, Duration.ofSeconds(5));
        RunId parent = server.finishedRun(10);
        child = client.startFork(parent, null, Json.parse("{\"stall_at_seq\":14}"));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> client.forks().stream().anyMatch(ForkTaskView::stuck));
        forkName = client.forks().get(0).name();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void triage_stalledFork_saysStuckWithTheFrame_andExits2() {
        DiagRun.Result r = DiagRun.run(server.clientEnv(), "triage", child);
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.out())
                .contains("PRODUCER STUCK MID-REPLAY")
                .contains("waiting in dev.arena.sim.SimulatedLlm.")
                .contains(forkName)
                .contains("/admin/forks/" + forkName + "/cancel")
                .contains("arena diag reap " + child);
    }

    @Test
    void triage_json_carriesVerdictForkAndSteps() {
        DiagRun.Result r = DiagRun.run(server.clientEnv(), "triage", child, "--watch", "200ms", "--output", "json");
        JsonNode t = Json.parse(r.out());
        assertThat(t.get("verdict").asText()).isEqualTo("producer_stuck");
        assertThat(t.get("status").asText()).isEqualTo("CRITICAL");
        assertThat(t.get("fork").get("stuck").asBoolean()).isTrue();
        assertThat(t.get("fork").get("stack").get(0).asText()).isNotBlank();
        assertThat(t.get("next_steps").size()).isGreaterThanOrEqualTo(3);
        List<String> fields = new ArrayList<>();
        t.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyElementsOf(documentedTriageFields());
    }

    @Test
    void forksStuck_listsItWithFrames_andExits2() {
        DiagRun.Result r = DiagRun.run(server.clientEnv(), "forks", "--stuck");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.out())
                .contains(forkName)
                .contains("STUCK")
                .contains("SimulatedLlm")
                .contains("arena diag triage " + child);
    }

    @Test
    void metrics_withAStuckFork_exits2_andJsonIsStable() {
        DiagRun.Result r = DiagRun.run(server.clientEnv(), "metrics", "--output", "json");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CRITICAL);
        JsonNode m = Json.parse(r.out());
        assertThat(m.get("source").asText()).isEqualTo("server");
        assertThat(m.get("fork_tasks_stuck").asLong()).isEqualTo(1);
        assertThat(m.get("status").asText()).isEqualTo("CRITICAL");
        assertThat(m.has("events_published")).isTrue();
    }

    @Test
    void doctor_withAStuckFork_exits2() {
        DiagRun.Result r = DiagRun.run(server.clientEnv(), "doctor");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.out()).contains("forks").contains("stuck fork task");
    }

    /** The top-level fields of triage's JSON, in the order docs/diag.md lists them. */
    private static List<String> documentedTriageFields() {
        String doc;
        try {
            doc = Files.readString(Path.of("..", "docs", "diag.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = doc.indexOf("JSON: `{\"run_id\"");
        String shape = doc.substring(start + "JSON: `".length(), doc.indexOf("}`", start) + 1);
        String topLevel = shape.substring(1, shape.length() - 1).replaceAll("\\{[^{}]*}", "");
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\"([a-z_]+)\"").matcher(topLevel);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
