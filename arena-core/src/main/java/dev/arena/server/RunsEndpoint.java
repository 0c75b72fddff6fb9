package dev.arena.server;

import dev.arena.api.RunList;
import dev.arena.broker.RunId;
import dev.arena.broker.RunStatus;
import java.util.Arrays;
import java.util.stream.Collectors;

/** {@code GET /runs} (merged list, newest first) and {@code GET /runs/{id}} (one run, live stats). */
final class RunsEndpoint {

    private final RunViews views;

    RunsEndpoint(RunViews views) {
        this.views = views;
    }

    void list(Exchange exchange) {
        int limit = (int) exchange.queryLong("limit", 1000, 1, 10_000);
        String rawStatus = exchange.query("status");
        RunStatus status = rawStatus == null ? null : Arrays.stream(RunStatus.values())
                .filter(st -> st.wireName().equals(rawStatus))
                .findFirst()
                .orElseThrow(() -> ApiException.badRequest("query parameter status '" + Exchange.shown(rawStatus)
                        + "' is not a run status: use one of " + Arrays.stream(RunStatus.values()).map(RunStatus::wireName)
                        .collect(Collectors.joining(", ")) + " (lower case, exactly)"));
        exchange.json(200, new RunList(views.list(limit, status)));
    }

    void one(Exchange exchange) {
        RunId id = exchange.runIdSegment(1);
        exchange.json(200, views.one(id).orElseThrow(() -> ApiException.notFound(
                "unknown run " + id + ": neither the broker nor DuckDB has it")));
    }
}
