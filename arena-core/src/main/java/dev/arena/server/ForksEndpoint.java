package dev.arena.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.fork.ForkRequest;
import dev.arena.fork.ForkService;
import dev.arena.ownership.ForkLeases;
import dev.arena.ownership.ObservedLease;
import dev.arena.ownership.OrphanRule;
import dev.arena.registry.ServerRegistry;
import dev.arena.wire.ForkList;
import dev.arena.wire.ForkStarted;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.ServerEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code POST /forks} (validate, start the background task, 202 with the child run id) and
 * {@code GET /debug/forks} and {@code GET /debug/forks/{name}}: this server's own tasks (from the
 * {@link ForkService}, with stacks) and, on the Redis backend, every other server's running tasks
 * from their leases (owner named, no stack).
 */
final class ForksEndpoint {

    private final ForkService forks;
    private final Supplier<ServerRegistry> registry;
    private final Supplier<ForkLeases> leases;

    ForksEndpoint(ForkService forks, Supplier<ServerRegistry> registry, Supplier<ForkLeases> leases) {
        this.forks = forks;
        this.registry = registry;
        this.leases = leases;
    }

    void start(Exchange exchange) throws Exception {
        JsonNode body = exchange.jsonBody(true);
        ForkRequest request = ForkRequest.fromJson(body);
        ForkTaskView task = forks.start(request);
        exchange.response().getHeaders().put(HttpHeader.LOCATION, "/debug/forks/" + task.name());
        exchange.json(202, new ForkStarted(task.childRunId(), task.name(), owned(task)));
    }

    void one(Exchange exchange) {
        String name = exchange.segment(2);
        ForkTaskView task = forks.task(name)
                .map(this::owned)
                .or(() -> others().stream().filter(t -> t.name().equals(name)).findFirst())
                .orElseThrow(() ->
                        ApiException.notFound("unknown fork task " + Exchange.shown(name) + " (see GET /debug/forks)"));
        exchange.json(200, task);
    }

    void list(Exchange exchange) {
        List<ForkTaskView> all =
                new ArrayList<>(forks.tasks().stream().map(this::owned).toList());
        all.addAll(others());
        exchange.json(200, new ForkList(all));
    }

    private ForkTaskView owned(ForkTaskView task) {
        ServerRegistry r = registry.get();
        if (r == null) {
            return task;
        }
        ServerEntry self = r.self();
        return task.ownedBy(self.id(), self.url());
    }

    /** Other servers' running tasks from their leases: orphaned first, then newest. */
    private List<ForkTaskView> others() {
        ForkLeases l = leases.get();
        ServerRegistry r = registry.get();
        if (l == null || r == null || !l.shared()) {
            return List.of();
        }
        String selfId = r.self().id();
        List<ObservedLease> theirs = l.leases().stream()
                .filter(x -> !x.lease().ownerId().equals(selfId))
                .toList();
        if (theirs.isEmpty()) {
            return List.of();
        }
        Set<String> live = l.liveServerIds();
        return theirs.stream()
                .map(x -> x.view(OrphanRule.orphaned(x, live)))
                .sorted(Comparator.comparing((ForkTaskView v) -> !v.orphaned())
                        .thenComparing(ForkTaskView::startedAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    /** The lease of another server's task named {@code name}, if one is held. */
    Optional<ObservedLease> remote(String name) {
        ForkLeases l = leases.get();
        ServerRegistry r = registry.get();
        if (l == null || r == null) {
            return Optional.empty();
        }
        return l.byName(name).filter(x -> !x.lease().ownerId().equals(r.self().id()));
    }
}
