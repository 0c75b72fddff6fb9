package dev.arena.diag.triage;

import dev.arena.broker.RunId;
import dev.arena.broker.redis.RedisKeys;
import java.util.ArrayList;
import java.util.List;

/** The runbook's recovery steps for each verdict, most preferred first, with exact commands. */
final class Steps {

    private Steps() {}

    /**
     * @param forkName    the fork task producing the run, or null when none
     * @param parentRunId that task's parent run, or null when no task
     */
    static List<NextStep> forVerdict(
            Verdict verdict, RunId run, String forkName, String parentRunId, String serverUrl) {
        List<NextStep> s = new ArrayList<>();
        String reap = "arena diag reap " + run;
        String reapRaw = "curl -s -X POST -H \"Authorization: Bearer $ARENA_ADMIN_TOKEN\" " + serverUrl + "/admin/runs/"
                + run + "/reap";
        String del = "redis-cli -u \"$REDIS_URL\" DEL " + String.join(" ", RedisKeys.all(run));
        switch (verdict) {
            case PROGRESSING ->
                s.add(new NextStep(
                        "Nothing to do: the run is making progress. Watch it if you like.",
                        "arena diag metrics --watch",
                        "curl -s " + serverUrl + "/metrics"));
            case FINISHED ->
                s.add(new NextStep(
                        "Nothing to do: the run ended. Its events are in the store once persisted.",
                        "arena diag runs",
                        "curl -s " + serverUrl + "/runs"));
            case WAITING -> {
                s.add(new NextStep(
                        "Wait: the producer is probably inside a slow call. Triage again in a minute.",
                        "arena diag triage " + run,
                        "curl -s " + serverUrl + "/runs/" + run));
                s.add(new NextStep(
                        "Look at the fork task's stack to see where it waits.",
                        "arena diag forks",
                        "curl -s " + serverUrl + "/debug/forks"));
            }
            case PRODUCER_SLOW -> {
                s.add(new NextStep(
                        "Wait: the fork task is working (its stack moves), only slowly. Triage again in a minute;"
                                + " it is stuck once its stack stops moving.",
                        "arena diag triage " + run,
                        "curl -s " + serverUrl + "/runs/" + run));
                s.add(new NextStep(
                        "Watch where it works: the top frames change between looks.",
                        "arena diag forks",
                        "curl -s " + serverUrl + "/debug/forks"));
            }
            case PRODUCER_STUCK -> {
                if (forkName != null) {
                    s.add(new NextStep(
                            "Cancel the stuck fork task (guarded: preview, confirm, verify): its run is closed as "
                                    + "cancelled and readers get 'end'. In the console: c on the task.",
                            "arena diag cancel " + run,
                            "curl -s -X POST -H \"Authorization: Bearer $ARENA_ADMIN_TOKEN\" " + serverUrl
                                    + "/admin/forks/" + forkName + "/cancel"));
                }
                s.add(new NextStep(
                        "Restart the server: shutdown cancels every fork task and closes its run cleanly; finished runs are untouched.",
                        null,
                        "kill -TERM <arena server pid>   # then start `arena server` again"));
                s.add(new NextStep(
                        "Reap the run (persisted first through the server, then its buffer/keys dropped).",
                        reap,
                        reapRaw));
            }
            case ORPHANED -> {
                s.add(new NextStep(
                        "Nothing to do at once: within 30 s of the owner's death a surviving (or restarted) server "
                                + "closes the orphaned child run as run.error naming the gone server, persists it and audits it "
                                + "(close-orphan). Once its status is error, it is done.",
                        "arena diag triage " + run,
                        "curl -s " + serverUrl + "/runs/" + run));
                s.add(new NextStep(
                        "See which servers are alive and whether the owner is coming back (a restart gets a new id).",
                        "arena diag servers",
                        "curl -s " + serverUrl + "/health"));
                s.add(new NextStep(
                        "If it is still open after 30 s (no server is running to close it), reap it.", reap, reapRaw));
                if (parentRunId != null) {
                    s.add(new NextStep(
                            "Fork the parent again on a live server if the work is still wanted.",
                            null,
                            "curl -s -X POST -H 'Content-Type: application/json' -d '{\"parent_run_id\":\""
                                    + parentRunId + "\"}' " + serverUrl + "/forks"));
                }
            }
            case REPLAY_CRASHED -> {
                s.add(new NextStep(
                        "Read the error (above) and the server log around the fork's start; it names the failing step.",
                        "arena diag forks",
                        "curl -s " + serverUrl + "/debug/forks"));
                s.add(new NextStep("Reap what the child run holds so readers end.", reap, reapRaw));
                if (forkName != null) {
                    s.add(new NextStep(
                            "Fork the parent again once the cause is fixed.",
                            null,
                            "curl -s -X POST -H 'Content-Type: application/json' -d '{\"parent_run_id\":\""
                                    + parentRunId + "\"}' " + serverUrl + "/forks"));
                }
            }
            case CONSUMERS_NOT_ENDED -> {
                s.add(new NextStep(
                        "Inspect the stream's head and tail and the last event.",
                        "arena diag stream " + run,
                        "redis-cli -u \"$REDIS_URL\" XINFO STREAM " + RedisKeys.events(run)));
                s.add(new NextStep(
                        "Reap the run: it publishes run.reaped so every reader gets its end.", reap, reapRaw));
            }
            case NEVER_APPEARED -> {
                s.add(new NextStep(
                        "Check that producer and server use the same broker (the classic mismatch).",
                        "arena diag backend",
                        "curl -s " + serverUrl + "/health"));
                s.add(new NextStep(
                        "Check the server log for an exception at the fork's start; then fork again.",
                        "arena diag forks",
                        "curl -s " + serverUrl + "/debug/forks"));
            }
            case OVERFLOWED -> {
                s.add(new NextStep(
                        "Readers resume at available_from (browsers do it by themselves); check how many were dropped.",
                        "arena diag metrics",
                        "curl -s " + serverUrl + "/metrics"));
                s.add(new NextStep(
                        "If readers keep falling behind, raise ARENA_STREAM_MAXLEN and restart the producers.",
                        "arena diag doctor",
                        "redis-cli -u \"$REDIS_URL\" XINFO STREAM " + RedisKeys.events(run)));
            }
            case UNKNOWN -> {
                s.add(new NextStep(
                        "Check that the server is running and reachable.",
                        "arena diag doctor",
                        "curl -s " + serverUrl + "/health"));
                s.add(new NextStep(
                        "Check Redis directly.", "arena diag sentinels", "redis-cli -u \"$REDIS_URL\" PING"));
            }
            default -> {}
        }
        if (verdict == Verdict.PRODUCER_STUCK || verdict == Verdict.CONSUMERS_NOT_ENDED) {
            s.add(new NextStep(
                    "Last resort with the server down (Redis backend): delete the run's keys in one atomic DEL; "
                            + "unpersisted events are lost.",
                    reap + " --force",
                    del));
        }
        return s;
    }
}
