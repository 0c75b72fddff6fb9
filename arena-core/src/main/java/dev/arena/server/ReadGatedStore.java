package dev.arena.server;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.config.StoreLocation;
import dev.arena.store.RunCursor;
import dev.arena.store.RunStore;
import dev.arena.store.StoreUnavailableException;
import dev.arena.store.StoredRun;
import dev.arena.wire.Readiness;
import dev.arena.wire.RunStatus;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The store as requests read it: each read first asks the store's readiness check (cached, bounded) and, while the
 * store is down, fails at once with {@link StoreUnavailableException} (503 naming the store) instead of every request
 * waiting out the connection pool's timeout. Writes and lifecycle go straight to the store (the archiver retries on its
 * own schedule). Thread-safe as the store is.
 */
final class ReadGatedStore implements RunStore {

    private final RunStore store;
    private final Supplier<Readiness.Dependency> check;

    ReadGatedStore(RunStore store, Supplier<Readiness.Dependency> check) {
        this.store = store;
        this.check = check;
    }

    private void requireUp(String what) {
        Readiness.Dependency now = check.get();
        if (now.down()) {
            throw new StoreUnavailableException(
                    "the store: cannot " + what + " in " + store.location() + ": it is down (" + now.detail()
                            + "); retry when it is back",
                    null);
        }
    }

    @Override
    public StoreLocation location() {
        return store.location();
    }

    @Override
    public void persist(StoredRun run, List<Envelope> events) {
        store.persist(run, events);
    }

    @Override
    public Optional<StoredRun> run(RunId run) {
        requireUp("read run " + run);
        return store.run(run);
    }

    @Override
    public List<StoredRun> runs(int limit, RunStatus status, RunCursor before) {
        requireUp("list runs");
        return store.runs(limit, status, before);
    }

    @Override
    public long firstSeq(RunId run) {
        requireUp("read the first seq of " + run);
        return store.firstSeq(run);
    }

    @Override
    public long lastStoredSeq(RunId run) {
        requireUp("read the last stored seq of " + run);
        return store.lastStoredSeq(run);
    }

    @Override
    public List<Envelope> events(RunId run, long fromSeq, int max) {
        requireUp("read events of " + run);
        return store.events(run, fromSeq, max);
    }

    @Override
    public boolean healthy() {
        return store.healthy();
    }

    @Override
    public void close() {
        store.close();
    }
}
