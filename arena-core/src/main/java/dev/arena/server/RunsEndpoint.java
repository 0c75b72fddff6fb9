package dev.arena.server;

import dev.arena.auth.ReaderGrant;
import dev.arena.broker.RunId;
import dev.arena.store.RunCursor;
import dev.arena.wire.RunStatus;
import dev.arena.wire.RunSummary;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code GET /runs} (a JSON array, newest first, paged by a {@code before} cursor) and {@code GET /runs/{id}} (one
 * run, live stats). With reader authorization on, the list holds only the runs the token permits (the paging cursor
 * still walks every run, so a page may hold fewer than {@code limit}) and a run it does not permit is 403.
 */
final class RunsEndpoint {

    /** The instants every store can compare with (years 1 to 9999): a {@code before} outside them is refused. */
    static final Instant EARLIEST_BEFORE = Instant.parse("0001-01-01T00:00:00Z");

    static final Instant LATEST_BEFORE = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final RunViews views;
    private final ReaderGuard guard;

    RunsEndpoint(RunViews views, ReaderGuard guard) {
        this.views = views;
        this.guard = guard;
    }

    void list(Exchange exchange) {
        ReaderGrant grant = guard.authenticate(exchange);
        int limit = (int) exchange.queryLong("limit", 1000, 1, 10_000);
        String rawStatus = exchange.query("status");
        RunStatus status = rawStatus == null
                ? null
                : Arrays.stream(RunStatus.values())
                        .filter(st -> st.wireName().equals(rawStatus))
                        .findFirst()
                        .orElseThrow(
                                () -> ApiException.badRequest("query parameter status '" + Exchange.shown(rawStatus)
                                        + "' is not a run status: use one of "
                                        + Arrays.stream(RunStatus.values())
                                                .map(RunStatus::wireName)
                                                .collect(Collectors.joining(", "))
                                        + " (lower case, exactly)"));
        String rawBefore = exchange.query("before");
        RunCursor before = rawBefore == null ? null : cursor(rawBefore);
        List<RunSummary> page = views.list(limit, status, before);
        if (page.size() == limit) {
            // The body is a bare array (the seeds' `jq -r '.[0].run_id'`), so the next page's address travels here.
            exchange.response()
                    .getHeaders()
                    .put(
                            HttpHeader.LINK,
                            "</runs?limit=" + limit
                                    + (status == null ? "" : "&status=" + status.wireName()) + "&before="
                                    + page.get(page.size() - 1).runId()
                                    + ">; rel=\"next\"");
        }
        exchange.json(
                200,
                grant.allRuns()
                        ? page
                        : page.stream()
                                .filter(r -> RunId.isValid(r.runId()) && grant.mayRead(RunId.parse(r.runId())))
                                .toList());
    }

    /**
     * The {@code before} cursor: a run id (the last run of the previous page: the page continues after it) or an
     * ISO-8601 instant (runs started strictly before it).
     */
    private RunCursor cursor(String raw) {
        if (RunId.isValid(raw)) {
            RunId run = RunId.parse(raw);
            return views.position(run)
                    .orElseThrow(
                            () -> ApiException.badRequest(
                                    "query parameter before: unknown run " + run
                                            + " (neither the broker nor the store has it): page from the newest again, without before"));
        }
        Instant instant;
        try {
            instant = Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    "query parameter before '" + Exchange.shown(raw) + "' is neither a run id (the last"
                            + " run_id of the previous page) nor an ISO-8601 instant such as 2026-11-22T06:46:21Z");
        }
        if (instant.isBefore(EARLIEST_BEFORE) || instant.isAfter(LATEST_BEFORE)) {
            throw ApiException.badRequest("query parameter before '" + Exchange.shown(raw) + "' is out of range: use an"
                    + " instant from " + EARLIEST_BEFORE + " to " + LATEST_BEFORE);
        }
        return RunCursor.startedBefore(instant);
    }

    void one(Exchange exchange) {
        RunId id = exchange.runIdSegment(1);
        guard.authorize(exchange, id);
        exchange.json(
                200,
                views.one(id)
                        .orElseThrow(() -> ApiException.notFound(
                                "unknown run " + id + ": neither the broker nor the store has it")));
    }
}
