package dev.arena.server;

import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.wire.ReaderList;
import dev.arena.wire.ReaderView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /debug/readers}: who reads from this server, over which transport, and how far behind the head of each
 * run. The head comes from the broker once per run per request, so the list costs nothing while nobody asks.
 */
final class ReadersEndpoint implements Endpoint {

    /** A reader this far behind (the newest event it has been handed is this old) is falling behind. */
    static final Duration FALLING_BEHIND_AFTER = Duration.ofSeconds(5);

    private final EventBroker broker;
    private final Supplier<List<ReaderSnapshot>> readers;
    private final Clock clock;

    ReadersEndpoint(EventBroker broker, Supplier<List<ReaderSnapshot>> readers, Clock clock) {
        this.broker = broker;
        this.readers = readers;
        this.clock = clock;
    }

    @Override
    public void handle(Exchange exchange) {
        exchange.json(200, list());
    }

    ReaderList list() {
        Instant now = clock.instant();
        Map<RunId, Long> heads = new HashMap<>();
        List<ReaderView> views = new ArrayList<>();
        for (ReaderSnapshot r : readers.get()) {
            List<ReaderView.Position> runs = new ArrayList<>();
            long lagEvents = 0;
            double lagSeconds = 0;
            for (ReaderPosition p : r.runs()) {
                long head = heads.computeIfAbsent(
                        p.run(), run -> broker.run(run).map(RunInfo::lastSeq).orElse(0L));
                long behind = Math.max(0, head - p.lastSeq());
                double seconds = behind == 0 ? 0 : secondsSince(p.lastTs() != null ? p.lastTs() : r.connectedAt(), now);
                runs.add(new ReaderView.Position(p.run().value(), p.lastSeq(), head, behind, seconds));
                lagEvents = Math.max(lagEvents, behind);
                lagSeconds = Math.max(lagSeconds, seconds);
            }
            views.add(new ReaderView(
                    r.transport(),
                    r.who(),
                    r.connectedAt(),
                    r.bufferedBytes(),
                    lagEvents,
                    lagSeconds,
                    lagEvents > 0 && lagSeconds >= FALLING_BEHIND_AFTER.toMillis() / 1000.0,
                    runs));
        }
        views.sort(Comparator.comparingDouble(ReaderView::lagSeconds)
                .thenComparingLong(ReaderView::lagEvents)
                .reversed());
        return new ReaderList(views, FALLING_BEHIND_AFTER.toMillis() / 1000.0);
    }

    private static double secondsSince(Instant then, Instant now) {
        return Math.max(0, Duration.between(then, now).toMillis() / 1000.0);
    }
}
