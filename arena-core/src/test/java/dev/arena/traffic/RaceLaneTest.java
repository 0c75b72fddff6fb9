package dev.arena.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.sim.SimulatedLlm;
import dev.arena.sim.SyntheticArena;
import dev.arena.time.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A lane publishes what the elapsed time calls for at its rate, read from its ticker. */
class RaceLaneTest {

    private final InProcessEventBroker broker = new InProcessEventBroker();
    private final ManualTicker ticker = new ManualTicker();
    private final RaceCounters counters = new RaceCounters();

    @AfterEach
    void close() {
        broker.close();
    }

    private RaceLane laneOf(RunId run, double rate) {
        broker.openRun(run, Map.of()).join();
        RaceLane lane = new RaceLane(
                List.of(new RaceLane.LaneRun(run, SyntheticArena.endless(7, SimulatedLlm.instant(7)))),
                rate,
                broker,
                counters,
                ticker);
        lane.start(ticker.nanos());
        return lane;
    }

    private long lastSeq(RunId run) {
        return broker.run(run).map(RunInfo::lastSeq).orElseThrow();
    }

    @Test
    void aTickPublishesTheEventsTheElapsedTimeCallsFor_andNoneWhileTimeStandsStill() {
        RunId run = RunId.random();
        RaceLane lane = laneOf(run, 100);

        lane.run();
        assertThat(lastSeq(run)).as("no time has passed: only run.start").isEqualTo(1);

        ticker.advance(Duration.ofMillis(200));
        lane.run();
        lane.run();
        assertThat(lastSeq(run)).as("200 ms at 100 events/s").isEqualTo(1 + 20);
    }

    @Test
    void afterAPause_aTickCatchesUpAtMostAQuarterSecondOfEvents() {
        RunId run = RunId.random();
        RaceLane lane = laneOf(run, 100);

        ticker.advance(Duration.ofSeconds(2));
        lane.run();
        assertThat(lastSeq(run)).as("capped at rate / 4").isEqualTo(1 + 25);
        lane.run();
        assertThat(lastSeq(run)).isEqualTo(1 + 50);
    }
}
