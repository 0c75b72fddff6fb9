package dev.arena.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.fork.ForkRequest;
import dev.arena.fork.ForkService;
import dev.arena.fork.ForkTaskView;
import dev.arena.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
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
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("child_run_id", task.childRunId());
        out.put("name", task.name());
        out.put("task", Json.mapper().valueToTree(task));
        exchange.response().getHeaders().put(HttpHeader.LOCATION, "/debug/forks/" + task.name());
        exchange.json(202, out);
    }

    void one(Exchange exchange) {
        String name = exchange.segment(2);
        ForkTaskView task = forks.task(name).orElseThrow(() -> ApiException.notFound(
                "unknown fork task " + Exchange.shown(name) + " (see GET /debug/forks)"));
        exchange.json(200, Json.mapper().valueToTree(task));
    }

    void list(Exchange exchange) {
        exchange.json(200, Map.of("forks", Json.mapper().valueToTree(forks.tasks())));
    }
}
