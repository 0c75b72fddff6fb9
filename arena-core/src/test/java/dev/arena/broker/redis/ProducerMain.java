package dev.arena.broker.redis;

import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.config.BrokerSettings;
import java.time.Clock;
import java.util.Map;

/**
 * A producer process for {@link SecondJvmProducerIT}: opens a run, publishes, closes it and exits
 * at once — without flushing or closing the broker, so only the shutdown hook can land the
 * pipelined tail of the run. Arguments: redis URL, run id, number of events.
 */
public final class ProducerMain {

    private ProducerMain() {}

    public static void main(String[] args) {
        EventBroker broker =
                RedisStreamsBroker.connect(args[0], "arena-test-producer", BrokerSettings.DEFAULTS, Clock.systemUTC());
        RunId run = RunId.parse(args[1]);
        int events = Integer.parseInt(args[2]);
        broker.openRun(run, Map.of("producer", "second-jvm"));
        for (int i = 0; i < events; i++) {
            broker.publish(run, Event.of("agent.signal", Map.of("i", i)));
        }
        broker.closeRun(run, RunOutcome.COMPLETE, Map.of("events", events));
        System.out.println("published " + events + " events; exiting without flush");
        System.exit(0);
    }
}
