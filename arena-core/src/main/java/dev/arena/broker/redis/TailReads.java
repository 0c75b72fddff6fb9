package dev.arena.broker.redis;

import dev.arena.broker.RunId;
import io.lettuce.core.StreamMessage;
import java.util.List;

/**
 * How the {@link Tailer} learns of new entries of the runs it watches. On one Redis, a blocking
 * {@code XREAD} over every watched stream ({@link BlockingTailReads}); on a Redis Cluster, where one
 * command cannot span slots, each master announces moved runs on their sharded channels and only
 * those are read ({@link AnnouncedTailReads}). Either way the connection count does not depend on
 * how many runs or readers there are. Used by the tailer thread only, except {@link #wake()}.
 */
interface TailReads {

    /**
     * New entries of {@code active} runs, waiting up to the block interval when there are none;
     * an empty list when the wait ended without news (or was woken).
     *
     * @throws RuntimeException when Redis cannot be read; the tailer then calls {@link #reset()} and retries
     */
    List<StreamMessage<String, String>> read(List<RunTail> active) throws InterruptedException;

    /** Opens the connections reads need, so a reader's first read waits for no connect (tailer thread). */
    void prepare();

    /** The set of watched runs changed: end a waiting {@link #read} now. Any thread. */
    void wake();

    /**
     * This process just wrote to the watched {@code run}: a hint to read it now, saving the round
     * trip of an announcement. Any thread; the blocking read needs no hint.
     */
    default void written(RunId run) {}

    /** Drops connections after a failure; the next read opens fresh ones. */
    void reset();

    /** How many connections this holds now (for the connection-count figures). */
    int connections();
}
