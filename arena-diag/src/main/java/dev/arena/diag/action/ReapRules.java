package dev.arena.diag.action;

import dev.arena.broker.RunId;
import dev.arena.config.Durations;
import dev.arena.diag.DiagException;
import dev.arena.error.Fault;
import java.time.Duration;
import java.util.Optional;

/**
 * When a reap may go ahead, as pure functions of what the preview read, so every refusal is tested
 * without a server or Redis: a run nobody knows (or nobody reachable holds) cannot be previewed at
 * all; a reap through the server needs the admin token; deleting from Redis with the server down
 * needs {@code --force}; a run that progressed within {@link ReapAction#PROGRESS_WINDOW} needs
 * {@code --force}.
 */
final class ReapRules {

    /** Which way the reap goes. */
    enum Route {
        /** {@code POST /admin/runs/{id}/reap}: persisted first. */
        SERVER,
        /** One {@code DEL} of the run's keys: the server is down, nothing is persisted. */
        REDIS
    }

    private ReapRules() {}

    /**
     * The route, or the reason there is none.
     *
     * @param known the server or Redis holds anything of the run
     * @throws DiagException ({@link Fault#NOT_FOUND}) when nobody reachable knows the run; when the
     *                       server is down and Redis is not the backend
     */
    static Route route(RunId run, String serverUrl, boolean serverUp, boolean redisSelected, boolean known) {
        if (!known) {
            throw new DiagException(
                    Fault.NOT_FOUND,
                    "run " + run + " is unknown to " + (serverUp ? "the server" : "")
                            + (serverUp && redisSelected ? " and " : "") + (redisSelected ? "Redis" : "")
                            + (!serverUp && !redisSelected ? "anyone reachable (server down, backend inprocess)" : "")
                            + ": nothing to reap");
        }
        if (serverUp) {
            return Route.SERVER;
        }
        if (redisSelected) {
            return Route.REDIS;
        }
        throw new DiagException(
                "the server " + serverUrl + " is unreachable and the backend here is inprocess: "
                        + "an in-process run lives only in the server; restart the server instead (its shutdown closes runs cleanly)");
    }

    /**
     * Why the reap would be refused as things stand, or null when it may go ahead. The first
     * reason wins: the route's own (no admin token; server down without {@code --force}), then a
     * run that progressed recently (without {@code --force}).
     *
     * @param sinceProgress time since the run last published, when known and the run is open
     */
    static String blocker(
            RunId run, Route route, boolean adminTokenSet, boolean force, Optional<Duration> sinceProgress) {
        if (route == Route.SERVER && !adminTokenSet) {
            return "ARENA_ADMIN_TOKEN is not set in this shell: the server's admin endpoint needs it";
        }
        if (route == Route.REDIS && !force) {
            return "the server is down so the run cannot be persisted before deleting; add --force to delete without persisting";
        }
        if (!force && sinceProgress.isPresent() && sinceProgress.get().compareTo(ReapAction.PROGRESS_WINDOW) < 0) {
            return "the run progressed " + Durations.humanize(sinceProgress.get()) + " ago (under "
                    + Durations.humanize(ReapAction.PROGRESS_WINDOW) + "): triage it first (`arena diag triage " + run
                    + "`), or add --force";
        }
        return null;
    }
}
