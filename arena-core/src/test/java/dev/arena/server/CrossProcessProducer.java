package dev.arena.server;

import dev.arena.broker.Brokers;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A producer in another JVM (started by {@link CrossProcessIT}): opens the given run on the
 * broker its environment selects, publishes one event, prints "opened", waits for "go" on stdin,
 * publishes the rest and closes the run complete.
 */
public final class CrossProcessProducer {

    private CrossProcessProducer() {}

    public static void main(String[] args) throws Exception {
        RunId run = RunId.parse(args[0]);
        int events = Integer.parseInt(args[1]);
        try (EventBroker broker = Brokers.fromEnvironment(System.getenv(), "arena-cli")) {
            broker.openRun(run, Map.of("producer", "cross-process")).join();
            broker.publish(run, Event.of("agent.signal", Map.of("i", 0))).join();
            broker.flush(Duration.ofSeconds(10));
            System.out.println("opened");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"go".equals(in.readLine())) {
                throw new IllegalStateException("expected 'go' on stdin");
            }
            for (int i = 1; i < events; i++) {
                broker.publish(run, Event.of("agent.signal", Map.of("i", i)));
            }
            broker.closeRun(run, RunOutcome.COMPLETE, Map.of("events", events)).join();
        }
        System.out.println("done");
    }
}
