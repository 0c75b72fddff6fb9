package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.Brokers;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunInfo;
import dev.arena.testkit.ChildProcess;
import dev.arena.testkit.PrivateRedis;
import dev.arena.wire.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code arena smoke} and {@code arena race} stopped by SIGTERM (what Ctrl-C, {@code kill} and a CI
 * timeout send) close the runs they opened — ended, outcome {@code cancelled} — before the process
 * exits, instead of leaving them open in Redis until their TTL.
 */
class ProducersCloseTheirRunsOnSigtermIT {

    @RegisterExtension
    static final PrivateRedis REDIS = new PrivateRedis();

    private Map<String, String> env() {
        return Map.of(
                "ARENA_BROKER_BACKEND", "redis", "REDIS_URL", REDIS.server().url());
    }

    private ChildProcess start(String... args) {
        return ChildProcess.java(ArenaMain.class.getName(), args)
                .withoutInherited("ARENA_", "REDIS_")
                .env(env())
                .start();
    }

    @Test
    void smoke_sigterm_closesItsRunCancelled() throws Exception {
        try (EventBroker reader = Brokers.fromEnvironment(env(), "arena-test");
                ChildProcess smoke = start("smoke", "--latency-scale", "1", "--seed", "7")) {
            RunInfo open = await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> reader.runs().stream()
                                    .filter(RunInfo::isOpen)
                                    .findFirst()
                                    .orElse(null),
                            r -> r != null);
            smoke.terminate(Duration.ofSeconds(30));
            RunInfo after = reader.run(open.runId()).orElseThrow();
            assertThat(after.status()).as(smoke.output()).isEqualTo(RunStatus.CANCELLED);
            assertThat(reader.read(open.runId(), after.lastSeq(), 1).get(0).kind())
                    .isEqualTo("run.cancelled");
        }
    }

    @Test
    void race_sigterm_closesEveryRunCancelled() throws Exception {
        try (EventBroker reader = Brokers.fromEnvironment(env(), "arena-test");
                ChildProcess race = start("race", "--runs", "3", "--rate", "50", "--duration", "10m")) {
            List<RunInfo> open = await().atMost(Duration.ofSeconds(60))
                    .until(() -> reader.runs().stream().filter(RunInfo::isOpen).toList(), l -> l.size() == 3);
            race.terminate(Duration.ofSeconds(60));
            Set<RunStatus> after = open.stream()
                    .map(r -> reader.run(r.runId()).orElseThrow().status())
                    .collect(Collectors.toSet());
            assertThat(after).as(race.output()).containsExactly(RunStatus.CANCELLED);
        }
    }
}
