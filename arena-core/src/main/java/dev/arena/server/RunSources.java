package dev.arena.server;

import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.UnknownRunException;
import dev.arena.store.RunStore;
import dev.arena.store.StoredRun;
import java.util.Optional;

/**
 * Where a reader of a run starts, for every transport: while the broker holds the run, one
 * {@link TieredSource} over the store and the broker (starting in the store when the asked seq is
 * older than the broker retains); once the broker has dropped a finished run, the store's cold path;
 * nothing when a finished run is asked for past its end (SSE answers 204). Unknown everywhere is
 * {@link ApiException#notFound}.
 */
final class RunSources {

    /**
     * The outcome of {@link #open}: a source to read, or {@code source} null when the run ended
     * before {@code start} (its last seq is {@code lastSeq}, its final status the wire name
     * {@code status}).
     */
    record Opened(StreamSource source, long lastSeq, String status) {
        boolean pastEnd() {
            return source == null;
        }
    }

    private final EventBroker broker;
    private final RunStore store;

    RunSources(EventBroker broker, RunStore store) {
        this.broker = broker;
        this.store = store;
    }

    /**
     * Opens a source of {@code run} from seq {@code start}; the caller closes it.
     *
     * @throws ApiException 404 when neither the broker nor the store has the run
     */
    Opened open(RunId run, long start) {
        Optional<RunInfo> live = broker.run(run);
        if (live.isPresent()) {
            RunInfo info = live.get();
            if (!info.isOpen() && start > info.lastSeq()) {
                return new Opened(null, info.lastSeq(), info.status().wireName());
            }
            if (start < info.headSeq()) {
                store.firstSeq(run); // asked now, so a store that is down answers 503 before the stream starts
                return new Opened(TieredSource.fromStore(broker, store, run, start), 0, null);
            }
            try {
                return new Opened(TieredSource.fromBroker(broker, store, run, start), 0, null);
            } catch (UnknownRunException dropped) {
                // dropped between the two calls: the store may have it
            }
        }
        Optional<StoredRun> stored = store.run(run);
        if (stored.isEmpty()) {
            throw ApiException.notFound("unknown run " + run + ": neither the broker nor the store has it");
        }
        StoredRun found = stored.get();
        if (!found.isFinished()) {
            // archived while open, and the broker no longer has it (lost): the store's part, then `lost`
            return new Opened(TieredSource.fromStore(broker, store, run, start), 0, null);
        }
        if (start > found.lastSeq()) {
            return new Opened(null, found.lastSeq(), found.status().wireName());
        }
        return new Opened(new ArchiveSource(store, run, start), 0, null);
    }
}
