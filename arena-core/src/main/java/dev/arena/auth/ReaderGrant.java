package dev.arena.auth;

import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one reader may see, decided once when its token is checked: which runs, which event kinds, whether it may
 * call the admin endpoints, and until when. Immutable and thread-safe; every transport asks the same questions
 * ({@link #mayRead}, {@link #maySee}, {@link #expiredAt}) so SSE and WebSocket cannot disagree.
 *
 * @param subject   the token's {@code sub} ({@code anonymous} when reads are open)
 * @param runs      the run ids it may read; empty means every run ({@code "*"})
 * @param kinds     prefixes of the event kinds it may see; empty means every kind
 * @param admin     whether it may call the admin endpoints
 * @param expiresAt when the token stops being valid; empty when reads are open (no token)
 */
public record ReaderGrant(
        String subject,
        Optional<Set<String>> runs,
        Optional<List<String>> kinds,
        boolean admin,
        Optional<Instant> expiresAt) {

    private static final ReaderGrant OPEN =
            new ReaderGrant("anonymous", Optional.empty(), Optional.empty(), false, Optional.empty());

    public ReaderGrant {
        Objects.requireNonNull(subject, "subject");
        runs = runs.map(Set::copyOf);
        kinds = kinds.map(List::copyOf);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The grant of every reader when authorization is off: every run, every kind, not admin, never expiring. */
    public static ReaderGrant open() {
        return OPEN;
    }

    /** True when this reader may read {@code run}. */
    public boolean mayRead(RunId run) {
        return runs.isEmpty() || runs.get().contains(run.value());
    }

    /** True when the grant names no run list ({@code "*"} or reads open): listing needs no filter. */
    public boolean allRuns() {
        return runs.isEmpty();
    }

    /**
     * True when an event of {@code kind} is delivered to this reader: its kind starts with one of the permitted
     * prefixes, or it is a run's terminal event ({@link RunOutcome}), which every reader of the run gets so that it
     * learns the run ended.
     */
    public boolean maySee(String kind) {
        if (kinds.isEmpty() || RunOutcome.fromKind(kind) != null) {
            return true;
        }
        for (String prefix : kinds.get()) {
            if (kind.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** True when every kind is delivered (no per-event check needed). */
    public boolean allKinds() {
        return kinds.isEmpty();
    }

    /** True once the token has expired at {@code now}; never for an open grant. */
    public boolean expiredAt(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }
}
