package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.Brokers;
import dev.arena.broker.Envelope;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.diag.cli.support.CliConventions;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.testkit.PrivateRedis;
import dev.arena.testkit.RedisServer;
import dev.arena.wire.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code arena smoke} and {@code arena race} on Redis: what they publish is visible to another broker client. */
class SmokeCommandIT {

    private static final String PASSWORD = "smoke-it-Secret-42";

    @RegisterExtension
    static final PrivateRedis REDIS = new PrivateRedis(PASSWORD);

    private static RedisServer redis;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startRedis() {
        redis = REDIS.server();
    }

    private Map<String, String> env() {
        return Map.of("ARENA_BROKER_BACKEND", "redis", "REDIS_URL", redis.url());
    }

    private int execute(Object command, String... args) {
        CommandLine cl = CliConventions.apply(new CommandLine(command));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void smokeOnRedis_leavesACompleteRun_thatAnotherClientReads_andNeverPrintsThePassword() {
        int code = execute(new SmokeCommand(env()), "--latency-scale", "0");

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        Matcher m = Pattern.compile("run (\\S+): (\\d+) events published").matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        RunId run = RunId.parse(m.group(1));
        long count = Long.parseLong(m.group(2));
        assertThat(out.toString() + err.toString()).doesNotContain(PASSWORD).contains("redis://:***@");
        assertThat(err.toString()).doesNotContain("warning");
        try (EventBroker reader = Brokers.fromEnvironment(env(), "arena-test")) {
            RunInfo info = reader.run(run).orElseThrow();
            assertThat(info.status()).isEqualTo(RunStatus.COMPLETE);
            assertThat(info.lastSeq()).isEqualTo(count);
            List<Envelope> events = reader.read(run, 1, 1_000);
            assertThat(events).hasSize((int) count);
            assertThat(events.get(events.size() - 1).kind()).isEqualTo("run.complete");
            assertThat(info.sentinelTtl()).isNull();
        }
    }

    @Test
    void raceOnRedis_closesEveryRun_andCountsWhatRedisHolds() {
        int code = execute(new RaceCommand(env(), () -> false), "--runs", "3", "--rate", "600", "--duration", "500ms");

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        Matcher m = Pattern.compile("race: 3 runs, (\\d+) events").matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        try (EventBroker reader = Brokers.fromEnvironment(env(), "arena-test")) {
            List<RunInfo> runs = reader.runs();
            assertThat(runs).hasSize(3).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.COMPLETE));
            assertThat(runs.stream().mapToLong(RunInfo::lastSeq).sum()).isEqualTo(Long.parseLong(m.group(1)));
        }
    }
}
