package dev.arena.store;

import dev.arena.broker.Envelope;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Reads a run's next batch from the broker while the archiver writes the previous one to the store, so reading
 * (the broker's round trips and parsing the envelopes) and writing overlap instead of taking turns. A batch read
 * ahead is used only when the archiver asks for exactly that run and seq; otherwise it is dropped and the batch read
 * now. The read-ahead thread is a daemon that ends after a minute without work. Not thread-safe: the archiver's pass
 * owns it.
 */
final class ReadAhead {

    private final EventBroker broker;
    private final int batch;
    private final ThreadPoolExecutor reader;

    private RunId nextRun;
    private long nextFrom;
    private Future<List<Envelope>> next;

    ReadAhead(EventBroker broker, int batch) {
        this.broker = broker;
        this.batch = batch;
        this.reader = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "arena-archive-read-ahead");
            t.setDaemon(true);
            return t;
        });
        this.reader.allowCoreThreadTimeOut(true);
    }

    /**
     * Up to {@code batch} events of {@code run} from seq {@code from} on, as {@link EventBroker#read} answers them
     * (its exceptions included): the batch read ahead when it was this one, else read now.
     */
    List<Envelope> read(RunId run, long from) {
        Future<List<Envelope>> ahead = next;
        next = null;
        if (ahead != null && run.equals(nextRun) && from == nextFrom) {
            try {
                return ahead.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (ahead != null) {
            ahead.cancel(false);
        }
        return broker.read(run, from, batch);
    }

    /** Starts reading {@code run}'s batch from seq {@code from}, for the next {@link #read}. */
    void readAhead(RunId run, long from) {
        discard();
        nextRun = run;
        nextFrom = from;
        next = reader.submit(() -> broker.read(run, from, batch));
    }

    /** Drops a batch read ahead (the pass stops following the run, or the store failed). */
    void discard() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }
}
