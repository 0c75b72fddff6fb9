package dev.arena.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.api.ForkList;
import dev.arena.api.ForkStarted;
import dev.arena.api.ForkTaskView;
import dev.arena.fork.ForkRequest;
import dev.arena.fork.ForkService;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code POST /forks} (validate, start the background task, 202 with the child run id) and
 * {@code GET /debug/forks} (every task, stuck first) and {@code GET /debug/forks/{name}}. Both delegate to the {@link ForkService}.
 */
final class ForksEndpoint {

    private final ForkService forks;

    ForksEndpoint(ForkService forks) {
        this.forks = forks;
    }

    void start(Exchange exchange) throws Exception {
        JsonNode body = exchange.jsonBody(true);
        ForkRequest request = ForkRequest.fromJson(body);
        ForkTaskView task;
        try {
            task = forks.start(request);
        } catch (IllegalStateException stopping) {
            throw new ApiException(503, "unavailable", stopping.getMessage());
        }
        exchange.response().getHeaders().put(HttpHeader.LOCATION, "/debug/forks/" + task.name());
        exchange.json(202, new ForkStarted(task.childRunId(), task.name(), task));
    }

    void one(Exchange exchange) {
        String name = exchange.segment(2);
        ForkTaskView task = forks.task(name).orElseThrow(() -> ApiException.notFound(
                "unknown fork task " + Exchange.shown(name) + " (see GET /debug/forks)"));
        exchange.json(200, task);
    }

    void list(Exchange exchange) {
        exchange.json(200, new ForkList(forks.tasks()));
    }
}
