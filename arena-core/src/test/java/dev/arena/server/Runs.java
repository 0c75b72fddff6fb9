package dev.arena.server;

import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test producer helpers: open a run and publish synthetic events through a real broker. */
final class Runs {

    private Runs() {}

    /** Opens a run and publishes {@code events} more after {@code run.start}; returns its id. */
    static RunId open(EventBroker broker, int events) {
        RunId run = RunId.random();
        broker.openRun(run, Map.of("scenario", "test"))
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        publish(broker, run, events);
        return run;
    }

    static void publish(EventBroker broker, RunId run, int events) {
        long last = 0;
        for (int i = 0; i < events; i++) {
            last = broker.publish(
                            run,
                            Event.of("agent.signal", Map.of("i", i, "text", "signal " + i))
                                    .withPhase("analysis"))
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
        }
        broker.flush(Duration.ofSeconds(10));
    }

    /** A run with {@code events} events after run.start, then run.complete: last seq = events + 2. */
    static RunId finished(EventBroker broker, int events) {
        RunId run = open(broker, events);
        broker.closeRun(run, RunOutcome.COMPLETE, Map.of("winner", "a"))
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        broker.flush(Duration.ofSeconds(10));
        return run;
    }
}
