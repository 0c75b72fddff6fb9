package dev.arena.diag.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.RunId;
import dev.arena.diag.server.ServerClient;
import dev.arena.diag.support.DiagRun;
import dev.arena.fixture.ServerFixture;
import dev.arena.json.Json;
import dev.arena.testkit.PrivateRedis;
import dev.arena.wire.ForkTaskView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arena diag forks} names the server that holds each fork's lease (its registry id, as
 * {@code arena diag servers} lists it) in an OWNER column, and the table still fits 80 columns —
 * the child run shows as the fork name's suffix, in full in the {@code next:} line.
 */
class ForksTableNamesTheOwnerIT {

    @RegisterExtension
    static final PrivateRedis REDIS = new PrivateRedis();

    @TempDir
    Path dir;

    @Test
    void ownerColumn_namesTheLeaseHolder_andEveryLineFits80Columns() throws Exception {
        try (ServerFixture fx = ServerFixture.builder(dir)
                        .redis(REDIS.server().url())
                        .stuckForksAfter(Duration.ofSeconds(1))
                        .start();
                ServerClient client = new ServerClient(fx.url(), ServerFixture.ADMIN_TOKEN, Duration.ofSeconds(5))) {
            RunId parent = fx.finishedRun(10);
            String child = client.startFork(parent, null, Json.parse("{\"stall_at_seq\":14}"));
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> task(client, child).stuck());
            String owner = task(client, child).ownerId();
            assertThat(owner).isNotBlank();

            DiagRun.Result forks = DiagRun.run(fx.clientEnv(), "forks");
            String[] lines = forks.out().split("\n");
            assertThat(lines[0]).startsWith("NAME").contains("STATE").contains("OWNER");
            String row = Arrays.stream(lines)
                    .filter(l -> l.startsWith(task(client, child).name()))
                    .findFirst()
                    .orElseThrow();
            assertThat(row)
                    .contains("STUCK")
                    .contains("continuing")
                    .contains(parent.prefix())
                    .endsWith(owner);
            assertThat(forks.out()).contains("next: arena diag triage " + child);
            assertThat(lines[0].length()).as(lines[0]).isLessThanOrEqualTo(80);
            assertThat(row.length()).as(row).isLessThanOrEqualTo(80);
            client.cancelFork(task(client, child).name());
        }
    }

    private static ForkTaskView task(ServerClient client, String child) {
        return client.forks().stream()
                .filter(f -> child.equals(f.childRunId()))
                .findFirst()
                .orElseThrow();
    }
}
