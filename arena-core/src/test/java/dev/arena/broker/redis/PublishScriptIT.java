package dev.arena.broker.redis;

import static dev.arena.broker.redis.ScriptedBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The publish script on its own: a batch re-sent after a lost reply (what a reconnect does) is
 * answered with the seq it got the first time and appends nothing, and lifecycle checks are atomic.
 */
class PublishScriptIT {

    @RegisterExtension
    static final ProbedRedis REDIS = new ProbedRedis();

    /** Runs the script the way the publisher does, keeping the producer's seq guess up to date. */
    private static List<Object> call(PublishBatch b, String producer) {
        return ScriptedBatches.publish(REDIS.probe().redis(), b, producer);
    }

    @Test
    void aResentBatch_returnsItsFirstSeqAgain_andAppendsNothing() {
        RunState run = new RunState(RunId.random());
        assertThat(call(batch(run, 1, true, null, 3), "p1")).containsExactly(1L, 0L);
        PublishBatch second = batch(run, 2, false, null, 5);
        assertThat(call(second, "p1")).containsExactly(4L, 0L);
        assertThat(call(second, "p1")).as("re-sent").containsExactly(4L, 1L);
        assertThat(call(batch(run, 2, false, null, 2), "p2"))
                .as("another producer's batch 2 is its own")
                .containsExactly(9L, 0L);
        assertThat(REDIS.probe().redis().xlen(run.keys.events)).isEqualTo(10);
        assertThat(REDIS.probe().redis().get(run.keys.seq)).isEqualTo("10");
    }

    @Test
    void anExactModeBatchExpectingAStaleSeq_writesNothing_andItsTemplateResendLandsAfterTheOtherProducer() {
        RunState mine = new RunState(RunId.random());
        RunState theirs = new RunState(mine.run);
        call(batch(mine, 1, true, null, 1), "mine");
        theirs.confirmed(1);
        call(batch(theirs, 1, false, null, 2), "theirs");
        PublishBatch stale = batch(mine, 2, false, null, 3);
        assertThat(call(stale, "mine")).as("expected seq 2, the run is at 3").containsExactly(3L, 2L);
        assertThat(REDIS.probe().redis().xlen(mine.keys.events)).isEqualTo(3);
        stale.mismatched(3);
        assertThat(call(stale, "mine")).containsExactly(4L, 0L);
        assertThat(REDIS.probe().redis().xlen(mine.keys.events)).isEqualTo(6);
        for (var entry : REDIS.probe().redis().xrange(mine.keys.events, Range.create("-", "+"))) {
            assertThat(Envelope.parse(entry.getBody().get("data")).seq()).isEqualTo(RunKeys.seqOf(entry.getId()));
        }
    }

    @Test
    void lifecycleIsCheckedAtomically_byTheScript() {
        RunState run = new RunState(RunId.random());
        assertThatThrownBy(() -> call(batch(run, 1, false, null, 1), "p"))
                .isInstanceOf(RedisCommandExecutionException.class)
                .hasMessageStartingWith("ARENA_UNKNOWN");
        call(batch(run, 2, true, null, 1), "p");
        assertThatThrownBy(() -> call(batch(run, 3, true, null, 1), "p")).hasMessageStartingWith("ARENA_EXISTS");
        call(batch(run, 4, false, RunOutcome.COMPLETE, 2), "p");
        assertThat(REDIS.probe().redis().exists(run.keys.open)).isZero();
        assertThatThrownBy(() -> call(batch(run, 5, false, null, 1), "p")).hasMessageStartingWith("ARENA_CLOSED");
        assertThat(REDIS.probe().redis().xlen(run.keys.events)).isEqualTo(3);
    }
}
