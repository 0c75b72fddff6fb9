package dev.arena.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.api.ForkCancelled;
import dev.arena.api.ForkTaskView;
import dev.arena.api.ReapReceipt;
import dev.arena.broker.EventBroker;
import dev.arena.broker.Reaper;
import dev.arena.broker.RunId;
import dev.arena.broker.RunStatus;
import dev.arena.fork.ForkService;
import dev.arena.store.RunStore;
import dev.arena.store.StoredRun;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The guarded admin endpoints: {@code POST /admin/runs/{id}/reap} (persist what is retained,
 * {@code run.reaped}, drop — through {@link Reaper#reap}; a fork task producing the run is cancelled
 * first, so none stays running for a run that is gone) and {@code POST /admin/forks/{name}/cancel}.
 * Each call, allowed or refused, leaves one audit line.
 */
final class AdminEndpoint {

    private static final Pattern FORK_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final AdminAuth auth;
    private final AuditTrail audit;
    private final EventBroker broker;
    private final Reaper reaper;
    private final RunStore store;
    private final ForkService forks;
    private final String[] secrets;

    /** {@code secrets} are scrubbed from the free-text reap reason before it is logged, audited or published. */
    AdminEndpoint(AdminAuth auth, AuditTrail audit, EventBroker broker, Reaper reaper, RunStore store, ForkService forks,
                  String... secrets) {
        this.auth = auth;
        this.audit = audit;
        this.broker = broker;
        this.reaper = reaper;
        this.store = store;
        this.forks = forks;
        this.secrets = secrets.clone();
    }

    void reap(Exchange exchange) throws Exception {
        String target = Exchange.shown(exchange.segment(2));
        authorize(exchange, "reap", target);
        RunId id = exchange.runIdSegment(2);
        JsonNode body = exchange.jsonBody(false);
        String reason = ReapReason.from(body, secrets);
        if (broker.run(id).isEmpty()) {
            boolean archived = store.contains(id);
            audit.record("reap", id.value(), "not_found", archived ? "already archived" : "unknown run");
            throw ApiException.notFound("the broker does not hold run " + id
                    + (archived ? " (it is already archived in DuckDB; nothing to reap)" : " (unknown run)"));
        }
        Optional<ForkTaskView> fork = forks.releaseChild(id, "its child run was reaped by an operator");
        fork.ifPresent(f -> audit.record("cancel-fork", f.name(), "ok",
                "cancelled as part of reaping its child run " + id + " (task ended " + f.state() + ")"));
        Reaper.Outcome outcome = reaper.reapRun(id, reason);
        if (outcome == Reaper.Outcome.CLOSED_BY_ANOTHER) {
            audit.record("reap", id.value(), "conflict", "closed by someone else first");
            throw new ApiException(409, "conflict", "run " + id + " was closed while this reap ran, by another"
                    + " arena server's reaper, another operator or its producer: it has its one terminal event; nothing to do");
        }
        if (outcome != Reaper.Outcome.REAPED) {
            if (broker.run(id).isEmpty()) {
                audit.record("reap", id.value(), "not_found", "run vanished while reaping");
                throw ApiException.notFound("run " + id + " was dropped by someone else while reaping");
            }
            audit.record("reap", id.value(), "failed", "persisting failed; run kept");
            throw new ApiException(500, "internal", "reaping run " + id
                    + " failed: it could not be persisted to DuckDB, so it was kept (see the server log)");
        }
        Optional<StoredRun> stored = store.run(id);
        ReapReceipt out = new ReapReceipt(id.value(), true, stored.map(StoredRun::status).orElse(RunStatus.REAPED),
                stored.map(StoredRun::eventCount).orElse(0L), fork.map(ForkTaskView::name).orElse(null));
        audit.record("reap", id.value(), "ok", "reason: " + reason + "; events persisted: " + out.eventsPersisted()
                + fork.map(f -> "; fork task " + f.name() + " cancelled").orElse(""));
        exchange.json(200, out);
    }

    void cancelFork(Exchange exchange) {
        String name = exchange.segment(2);
        authorize(exchange, "cancel-fork", Exchange.shown(name));
        if (!FORK_NAME.matcher(name).matches()) {
            throw ApiException.badRequest("invalid fork task name '" + Exchange.shown(name)
                    + "': expected letters, digits, '.', '_' or '-' (see GET /debug/forks)");
        }
        Optional<ForkTaskView> task = forks.cancel(name);
        if (task.isEmpty()) {
            audit.record("cancel-fork", name, "not_found", "unknown fork task");
            throw ApiException.notFound("unknown fork task " + name + " (see GET /debug/forks)");
        }
        audit.record("cancel-fork", name, "ok", "cancelled");
        exchange.json(200, new ForkCancelled(name, true, task.get()));
    }

    private void authorize(Exchange exchange, String action, String target) {
        try {
            auth.check(exchange);
        } catch (ApiException denied) {
            audit.record(action, target, "denied", denied.status() + " " + denied.code());
            throw denied;
        }
    }
}
