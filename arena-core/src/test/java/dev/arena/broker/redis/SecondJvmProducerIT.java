package dev.arena.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.Envelope;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.config.BrokerSettings;
import dev.arena.testkit.ChildProcess;
import dev.arena.testkit.RedisServer;
import dev.arena.wire.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/design.md, "Broker contract": a producer JVM that exits right after closeRun leaves no sentinel and loses no event. */
class SecondJvmProducerIT {

    @Test
    void producerExitingRightAfterCloseRun_leavesNoSentinel_andEveryEventIsPresent() throws Exception {
        try (RedisServer server = RedisServer.startNew();
                RedisProbe probe = new RedisProbe(server)) {
            RunId run = RunId.random();
            int events = 5_000;
            String output;
            try (ChildProcess p = ChildProcess.java(
                            ProducerMain.class.getName(), server.url(), run.value(), Integer.toString(events))
                    .mergeStderr()
                    .start()) {
                int exit = p.awaitExit(Duration.ofSeconds(60));
                output = p.stdout();
                assertThat(exit).as(output).isZero();
            }
            assertThat(output).contains("exiting without flush");

            assertThat(probe.redis().exists(RunKeys.of(run).open))
                    .as("sentinel left behind")
                    .isZero();
            try (EventBroker reader = RedisStreamsBroker.connect(
                    server.url(), "arena-test-reader", BrokerSettings.DEFAULTS, Clock.systemUTC())) {
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
}
