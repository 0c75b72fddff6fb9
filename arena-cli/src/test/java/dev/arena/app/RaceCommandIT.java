package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.Brokers;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.diag.cli.support.CliConventions;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.fixture.ServerFixture;
import dev.arena.testkit.RedisServer;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code arena race --forks} end to end: the race publishes on a real Redis, a real server on the
 * same Redis forks its runs through {@code POST /forks}, and the server's shutdown closes the
 * still-running fork children {@code run.cancelled}.
 */
class RaceCommandIT {

    @TempDir
    Path dir;

    @Test
    void raceWithForks_forksItsRunsThroughTheServer() throws Exception {
        try (RedisServer redis = RedisServer.startNew()) {
            Map<String, String> env = Map.of(
                    "ARENA_BROKER_BACKEND",
                    "redis",
                    "REDIS_URL",
                    redis.url(),
                    "ARENA_HTTP_PORT",
                    "0",
                    "ARENA_DB",
                    dir.resolve("arena.duckdb").toString(),
                    "ARENA_AUDIT_LOG",
                    dir.resolve("audit.jsonl").toString());
            List<ForkTaskView> forks;
            Set<RunId> raced;
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            try (ServerFixture server =
                    ServerFixture.builder(dir).redis(redis.url()).start()) {
                CommandLine cl = CliConventions.apply(new CommandLine(new RaceCommand(env, () -> false)));
                cl.setOut(new PrintWriter(out, true));
                cl.setErr(new PrintWriter(err, true));

                int code = cl.execute(
                        "--runs", "2", "--rate", "400", "--duration", "1s", "--forks", "2", "--server", server.url());

                assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
                assertThat(out.toString()).contains("forks 2 started / 0 failed");
                forks = server.server.forks().tasks();
                try (EventBroker reader = Brokers.fromEnvironment(env, "arena-test")) {
                    raced = reader.runs().stream()
                            .filter(r -> r.parentRunId() == null)
                            .map(RunInfo::runId)
                            .collect(Collectors.toSet());
                }
            }
            assertThat(raced).hasSize(2);
            assertThat(forks).hasSize(2).allSatisfy(f -> assertThat(raced).contains(RunId.parse(f.parentRunId())));
            try (EventBroker reader = Brokers.fromEnvironment(env, "arena-test")) {
                for (ForkTaskView fork : forks) {
                    RunInfo child = reader.run(RunId.parse(fork.childRunId())).orElseThrow();
                    assertThat(child.status()).isIn(RunStatus.CANCELLED, RunStatus.COMPLETE);
                    assertThat(child.isOpen()).isFalse();
                }
            }
            assertThat(Files.exists(dir.resolve("arena.duckdb"))).isTrue();
        }
    }
}
