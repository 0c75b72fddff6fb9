package dev.arena.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.BrokerSettings;
import dev.arena.broker.Envelope;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.RunStatus;
import dev.arena.testkit.RedisServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docs/design.md, "Broker contract": a producer JVM that exits right after closeRun leaves no sentinel and loses no event. */
class SecondJvmProducerIT {

    @Test
    void producerExitingRightAfterCloseRun_leavesNoSentinel_andEveryEventIsPresent() throws Exception {
        try (RedisServer server = RedisServer.startNew(); RedisProbe probe = new RedisProbe(server)) {
            RunId run = RunId.random();
            int events = 5_000;
            Path log = Files.createTempFile("producer-", ".log");
            Process p = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                    ProducerMain.class.getName(), server.url(), run.value(), Integer.toString(events))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("producer exits").isTrue();
            } finally {
                p.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("exiting without flush");

            assertThat(probe.redis().exists(RunKeys.of(run).open)).as("sentinel left behind").isZero();
            try (EventBroker reader = RedisStreamsBroker.connect(server.url(), "arena-test-reader", BrokerSettings.DEFAULTS,
                    Clock.systemUTC())) {
                List<Envelope> all = reader.read(run, 1, Integer.MAX_VALUE);
                assertThat(all).hasSize(events + 2);
                for (int i = 0; i < all.size(); i++) {
                    assertThat(all.get(i).seq()).isEqualTo(i + 1);
                }
                assertThat(all.get(all.size() - 1).kind()).isEqualTo("run.complete");
                RunInfo info = reader.run(run).orElseThrow();
                assertThat(info.status()).isEqualTo(RunStatus.COMPLETE);
                assertThat(reader.metrics().eventsPublished()).isEqualTo(events + 2);
            }
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
