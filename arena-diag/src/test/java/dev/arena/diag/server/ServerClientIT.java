package dev.arena.diag.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.RunId;
import dev.arena.fixture.ServerFixture;
import dev.arena.wire.RunStatus;
import dev.arena.wire.RunSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server client against a real server: the /runs filters reach the server, not just the client. */
class ServerClientIT {

    @TempDir
    Path dir;

    @Test
    void runs_withLimitAndStatus_asksTheServerForExactlyThat() throws Exception {
        try (ServerFixture server = ServerFixture.builder(dir)
                .stuckForksAfter(Duration.ofSeconds(1))
                .start()) {
            RunId finished = server.finishedRun(3);
            RunId first = RunId.random();
            RunId second = RunId.random();
            server.broker.openRun(first, Map.of()).join();
            server.broker.openRun(second, Map.of()).join();
            ServerClient client = new ServerClient(server.url(), null, Duration.ofSeconds(5));

            List<String> running = client.runs(10, RunStatus.RUNNING).stream()
                    .map(RunSummary::runId)
                    .toList();
            assertThat(running).containsExactlyInAnyOrder(first.value(), second.value());
            assertThat(client.runs(1, RunStatus.RUNNING)).hasSize(1);
            assertThat(client.runs(10, RunStatus.COMPLETE))
                    .extracting(RunSummary::runId)
                    .containsExactly(finished.value());
            assertThat(client.runs())
                    .extracting(RunSummary::runId)
                    .contains(finished.value(), first.value(), second.value());
        }
    }

    @Test
    void runs_pagesWithBefore_andReadsTheArray() throws Exception {
        try (ServerFixture server = ServerFixture.builder(dir)
                .stuckForksAfter(Duration.ofSeconds(1))
                .start()) {
            for (int i = 0; i < 5; i++) {
                server.broker.openRun(RunId.random(), Map.of()).join();
            }
            ServerClient client = new ServerClient(server.url(), null, Duration.ofSeconds(5));
            List<String> all =
                    client.runs(10, null).stream().map(RunSummary::runId).toList();

            List<String> paged = new ArrayList<>();
            List<RunSummary> page = client.runs(2, null, null);
            while (!page.isEmpty()) {
                page.forEach(r -> paged.add(r.runId()));
                page = client.runs(2, null, page.get(page.size() - 1).runId());
            }

            assertThat(all).hasSize(5);
            assertThat(paged).containsExactlyElementsOf(all);
        }
    }
}
