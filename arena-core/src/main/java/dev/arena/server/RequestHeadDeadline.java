package dev.arena.server;

import dev.arena.time.Ticker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deadline for the whole request head, however slowly its bytes arrive: Jetty's idle timeout
 * restarts with every byte, so a client sending one header byte every few seconds would hold its
 * connection forever (slowloris). A sweep on the connector's scheduler looks at every connection's
 * HTTP/1 parser; a connection whose current request head has been incomplete for longer than the
 * deadline is closed without an answer. A connection between requests (keep-alive) or in its body
 * or response is left alone. The sweep runs every quarter of the deadline (at most every second),
 * so a head is cut between the deadline and the deadline plus two sweeps after its first byte.
 *
 * <p>Jetty has no such setting; this reads the parser of {@link HttpConnection} (Jetty's HTTP/1.1
 * connection, in its {@code internal} package) and only ever closes its endpoint.
 */
final class RequestHeadDeadline extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadDeadline.class);

    /** A head in progress on one connection: when the sweep first saw it, and which request it was. */
    private record Head(long firstSeenNanos, long messagesIn) {}

    private final AbstractConnector connector;
    private final long deadlineNanos;
    private final long sweepMillis;
    private final Ticker ticker;
    private final Map<EndPoint, Head> heads = new HashMap<>(); // only touched by the sweep, which never overlaps itself
    private volatile Scheduler.Task next;

    RequestHeadDeadline(AbstractConnector connector, Duration deadline, Ticker ticker) {
        this.connector = connector;
        this.deadlineNanos = deadline.toNanos();
        this.sweepMillis = Math.max(20, Math.min(1000, deadline.toMillis() / 4));
        this.ticker = ticker;
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }

    private void schedule() {
        if (isRunning() || isStarting()) {
            next = connector.getScheduler().schedule(this::sweep, sweepMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        try {
            int closed = sweepOnce(ticker.nanos());
            if (closed > 0) {
                LOG.info(
                        "closed {} connection(s) whose request head was still incomplete after {} ms (ARENA_HEADER_TIMEOUT)",
                        closed,
                        TimeUnit.NANOSECONDS.toMillis(deadlineNanos));
            }
        } catch (RuntimeException e) {
            LOG.warn("request head sweep failed: {}", e.toString());
        } finally {
            schedule();
        }
    }

    /** One pass over the connections; returns how many were closed. */
    int sweepOnce(long now) {
        Map<EndPoint, Head> seen = new HashMap<>();
        int closed = 0;
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            if (!(endPoint.getConnection() instanceof HttpConnection http) || !inHead(http.getParser())) {
                continue;
            }
            Head head = heads.get(endPoint);
            long messages = http.getMessagesIn();
            if (head == null || head.messagesIn() != messages) {
                head = new Head(now, messages);
            }
            if (now - head.firstSeenNanos() > deadlineNanos) {
                endPoint.close();
                closed++;
            } else {
                seen.put(endPoint, head);
            }
        }
        heads.clear();
        heads.putAll(seen);
        return closed;
    }

    /** Between the first byte of a request and the end of its headers. */
    private static boolean inHead(HttpParser parser) {
        int state = parser.getState().ordinal();
        return state > HttpParser.State.START.ordinal() && state <= HttpParser.State.HEADER.ordinal();
    }
}
