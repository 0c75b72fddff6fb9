package dev.arena.fork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.ForwardingBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.testkit.MutableClock;
import dev.arena.time.Ticker;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A worker that ignores its interrupt must not hold shutdown hostage, nor leave its child run open. */
class ForkShutdownTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final InProcessEventBroker real = new InProcessEventBroker(BrokerSettings.DEFAULTS, clock);
    private final WedgedReads broker = new WedgedReads(real);

    @AfterEach
    void close() {
        broker.release.countDown();
        real.close();
    }

    @Test
    void shutdown_overrunByAnUninterruptibleWorker_closesItsChildCancelledAnyway_withinTheBound() {
        RunId parent = RunId.random();
        real.openRun(parent, Map.of()).join();
        real.publish(parent, Event.of("agent.signal", Map.of("n", 1))).join();
        ForkService forks = new ForkService(broker, clock, Ticker.system(), Duration.ofSeconds(60), false, 0, 1);
        ForkTaskView started = forks.start(ForkRequest.of(parent));
        await().atMost(Duration.ofSeconds(10)).until(() -> forks.task(started.name()).orElseThrow().stack().stream()
                .anyMatch(f -> f.contains("WedgedReads.read(")));
        assertThat(forks.task(started.name()).orElseThrow().stage()).isEqualTo("loading-parent");

        forks.shutdown(Duration.ofMillis(300)); // the worker is wedged until released below: returning is the bound

        assertThat(forks.task(started.name()).orElseThrow().state().wireName()).isEqualTo("cancelled");
        RunInfo child = real.run(RunId.parse(started.childRunId())).orElseThrow();
        assertThat(child.status()).isEqualTo(RunStatus.CANCELLED);
        List<Envelope> events = real.read(child.runId(), 1, 100);
        assertThat(events.get(events.size() - 1).payload().get("reason").asText())
                .contains("did not stop within 300 ms");

        broker.release.countDown(); // the wedged worker wakes up, finds its run closed and ends quietly
        await().atMost(Duration.ofSeconds(10))
                .until(() -> forks.task(started.name()).orElseThrow().stack().isEmpty());
        assertThat(real.read(child.runId(), 1, 100)).extracting(Envelope::kind).containsOnlyOnce("run.cancelled");
    }

    /** A real broker whose reads hang, deaf to interrupts, until released: a wedged backend call. */
    private static final class WedgedReads extends ForwardingBroker {
        final CountDownLatch release = new CountDownLatch(1);

        WedgedReads(EventBroker delegate) {
            super(delegate);
        }

        @Override
        public List<Envelope> read(RunId run, long fromSeq, int max) {
            boolean interrupted = false;
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return super.read(run, fromSeq, max);
        }
    }
}
