package dev.arena.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.EventBroker;
import dev.arena.broker.Reaper;
import dev.arena.broker.RunId;
import dev.arena.fork.ForkService;
import dev.arena.ownership.ForkLease;
import dev.arena.ownership.ObservedLease;
import dev.arena.registry.ServerRegistry;
import dev.arena.store.RunStore;
import dev.arena.store.StoredRun;
import dev.arena.wire.ForkCancelled;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.ReapReceipt;
import dev.arena.wire.RunStatus;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The guarded admin endpoints: {@code POST /admin/runs/{id}/reap} (persist what is retained,
 * {@code run.reaped}, drop — through {@link Reaper#reap}; a fork task producing the run is cancelled
 * first, so none stays running for a run that is gone) and {@code POST /admin/forks/{name}/cancel}
 * (a task another server owns is cancelled there: the request is forwarded to the owner's URL).
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
    private Function<String, Optional<ObservedLease>> remoteLease = name -> Optional.empty();
    private Supplier<ServerRegistry> registry = () -> null;
    private final CancelForwarder forwarder = new CancelForwarder();

    /** {@code secrets} are scrubbed from the free-text reap reason before it is logged, audited or published. */
    AdminEndpoint(
            AdminAuth auth,
            AuditTrail audit,
            EventBroker broker,
            Reaper reaper,
            RunStore store,
            ForkService forks,
            String... secrets) {
        this.auth = auth;
        this.audit = audit;
        this.broker = broker;
        this.reaper = reaper;
        this.store = store;
        this.forks = forks;
        this.secrets = secrets.clone();
    }

    /** Forwards cancels of tasks this server does not run to their owners, found by {@code remoteLease}. */
    AdminEndpoint forwardingTo(
            Function<String, Optional<ObservedLease>> remoteLease, Supplier<ServerRegistry> registry) {
        this.remoteLease = remoteLease;
        this.registry = registry;
        return this;
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
                    + (archived ? " (it is already archived in the store; nothing to reap)" : " (unknown run)"));
        }
        Optional<ForkTaskView> fork = forks.releaseChild(id, "its child run was reaped by an operator");
        fork.ifPresent(f -> audit.record(
                "cancel-fork",
                f.name(),
                "ok",
                "cancelled as part of reaping its child run " + id + " (task ended " + f.state() + ")"));
        Reaper.Outcome outcome = reaper.reapRun(id, reason);
        if (outcome == Reaper.Outcome.CLOSED_BY_ANOTHER) {
            audit.record("reap", id.value(), "conflict", "closed by someone else first");
            throw new ApiException(
                    409,
                    "conflict",
                    "run " + id + " was closed while this reap ran, by another"
                            + " arena server's reaper, another operator or its producer: it has its one terminal event; nothing to do");
        }
        if (outcome != Reaper.Outcome.REAPED) {
            if (broker.run(id).isEmpty()) {
                audit.record("reap", id.value(), "not_found", "run vanished while reaping");
                throw ApiException.notFound("run " + id + " was dropped by someone else while reaping");
            }
            audit.record("reap", id.value(), "failed", "persisting failed; run kept");
            throw new ApiException(
                    500,
                    "internal",
                    "reaping run " + id
                            + " failed: it could not be persisted to the store, so it was kept (see the server log)");
        }
        Optional<StoredRun> stored = store.run(id);
        ReapReceipt out = new ReapReceipt(
                id.value(),
                true,
                stored.map(StoredRun::status).orElse(RunStatus.REAPED),
                stored.map(StoredRun::eventCount).orElse(0L),
                fork.map(ForkTaskView::name).orElse(null));
        audit.record(
                "reap",
                id.value(),
                "ok",
                "reason: " + reason + "; events persisted: " + out.eventsPersisted()
                        + fork.map(f -> "; fork task " + f.name() + " cancelled")
                                .orElse(""));
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
        if (task.isEmpty() && exchange.header(CancelForwarder.HEADER) == null) {
            Optional<ObservedLease> lease = remoteLease.apply(name);
            if (lease.isPresent()) {
                forward(exchange, lease.get().lease());
                return;
            }
        }
        if (task.isEmpty()) {
            audit.record("cancel-fork", name, "not_found", "unknown fork task");
            throw ApiException.notFound("unknown fork task " + name + " (see GET /debug/forks)");
        }
        audit.record("cancel-fork", name, "ok", "cancelled");
        exchange.json(200, new ForkCancelled(name, true, task.get()));
    }

    private void forward(Exchange exchange, ForkLease lease) {
        String name = lease.name();
        String owner = "server " + lease.ownerId() + " (" + lease.ownerUrl() + ")";
        ServerRegistry r = registry.get();
        if (r == null || r.servers().stream().noneMatch(s -> s.id().equals(lease.ownerId()))) {
            audit.record("cancel-fork", name, "not_found", "owner " + owner + " is gone");
            throw ApiException.notFound("fork task " + name + " ran on " + owner + ", which is gone: its child run "
                    + lease.childRunId() + " is closed as orphaned (run.error) within 30 s by a surviving server "
                    + "(see arena diag servers)");
        }
        CancelForwarder.Answer answer;
        try {
            answer = forwarder.forward(
                    lease, exchange.header(HttpHeader.AUTHORIZATION), r.self().id());
        } catch (IOException e) {
            audit.record("cancel-fork", name, "failed", "forwarding to owner " + owner + " failed: " + e.getMessage());
            throw new ApiException(
                    502,
                    "bad_gateway",
                    "fork task " + name + " runs on " + owner + ", which could not be reached: " + e.getMessage()
                            + " (check it with arena diag servers)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", "interrupted while forwarding the cancel to " + owner);
        }
        audit.record(
                "cancel-fork",
                name,
                answer.status() == 200 ? "forwarded" : "failed",
                "forwarded to owner " + owner + ": HTTP " + answer.status());
        exchange.send(answer.status(), answer.body());
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
