package dev.arena.server;

import dev.arena.auth.ReaderGrant;
import dev.arena.broker.RunId;
import java.util.List;
import java.util.function.BiFunction;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * {@code GET /ws}: upgrades to a WebSocket reader ({@link WsSession}) on the same server, port and
 * edge checks as {@code /events} (the {@link EdgeGuard} refuses a cross-site {@code Origin} before
 * this runs). The short form {@code ?run_id=R[&last_event_id=N|&from_seq=N]} is read with the
 * rules of {@code /events} before the upgrade (a bad value is a 400) and subscribes at once. A GET
 * that asks no upgrade is 426 with a JSON error.
 */
final class WsEndpoint implements Endpoint {

    private final ServerWebSocketContainer container;
    private final ReaderGuard guard;
    private final BiFunction<ReaderGrant, List<WsCommand>, WsSession> sessions;

    /**
     * @param guard    checks the reader's token once, at the upgrade (401 before it; 403 for a short-form run)
     * @param sessions a new reader's session, given its grant and the subscriptions of its short form
     */
    WsEndpoint(
            ServerWebSocketContainer container,
            ReaderGuard guard,
            BiFunction<ReaderGrant, List<WsCommand>, WsSession> sessions) {
        this.container = container;
        this.guard = guard;
        this.sessions = sessions;
    }

    @Override
    public void handle(Exchange exchange) {
        ReaderGrant grant = guard.authenticate(exchange);
        List<WsCommand> initial = shortForm(exchange);
        for (WsCommand c : initial) {
            ReaderGuard.refuseUnlessPermitted(grant, c.run());
        }
        boolean upgraded = container.upgrade(
                (request, response, callback) -> sessions.apply(grant, initial),
                exchange.request(),
                exchange.response(),
                exchange.callback());
        if (!upgraded) {
            exchange.response().getHeaders().put(HttpHeader.UPGRADE, "websocket");
            throw new ApiException(
                    426,
                    "upgrade_required",
                    "/ws is a WebSocket endpoint: connect with a WebSocket client (ws://host:port/ws), "
                            + "or read a run as SSE at /events?run_id=…");
        }
    }

    private static List<WsCommand> shortForm(Exchange exchange) {
        String rawRun = exchange.query("run_id");
        if (rawRun == null) {
            if (exchange.query("last_event_id") != null || exchange.query("from_seq") != null) {
                throw ApiException.badRequest("last_event_id and from_seq need run_id: /ws?run_id=R&last_event_id=N");
            }
            return List.of();
        }
        RunId run = Exchange.parseRunId(rawRun, "query parameter run_id");
        String lastEventId = exchange.query("last_event_id");
        String fromSeq = exchange.query("from_seq");
        if (lastEventId != null && fromSeq != null) {
            throw ApiException.badRequest("give last_event_id or from_seq, not both");
        }
        if (lastEventId != null) {
            long last = Exchange.parseLong(lastEventId, "query parameter last_event_id", 0, Long.MAX_VALUE - 1);
            return List.of(new WsCommand(WsCommand.Kind.SUBSCRIBE, run, last + 1, true));
        }
        if (fromSeq != null) {
            long from = Exchange.parseLong(fromSeq, "query parameter from_seq", 1, Long.MAX_VALUE);
            return List.of(new WsCommand(WsCommand.Kind.SUBSCRIBE, run, from, true));
        }
        return List.of(new WsCommand(WsCommand.Kind.SUBSCRIBE, run, 1, false));
    }
}
