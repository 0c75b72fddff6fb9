package dev.arena.diag.action;

import dev.arena.broker.RunId;
import dev.arena.config.Durations;
import dev.arena.diag.DiagException;
import dev.arena.error.Fault;
import dev.arena.wire.ForkTaskView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which fork task {@code arena diag cancel} means and when cancelling it may go ahead, as pure
 * functions of what the preview read (so every refusal is tested without a server): the target is
 * the task's name or its child run id; a task that already ended has nothing to cancel; the
 * server's cancel endpoint needs the admin token; a task that is running but not stuck (it
 * progressed within the server's stuck-after) needs {@code --force}; so does another server's task
 * (listed from its lease, stage {@value #REMOTE}: only its owner knows whether it is stuck); an
 * orphaned task (owner gone) has nothing left to cancel.
 */
final class CancelRules {

    /** The stage another server's task has when listed from its lease (no progress figures here). */
    static final String REMOTE = "remote";

    private CancelRules() {}

    /**
     * The task {@code target} names: the task whose child run it is (a run id), else the task of that
     * name. A running task wins over ended ones of the same child.
     *
     * @throws DiagException ({@link Fault#NOT_FOUND}) when no task matches; ({@link Fault#INPUT}) for a malformed name
     */
    static ForkTaskView resolve(String target, List<ForkTaskView> tasks) {
        String t = target == null ? "" : target.trim();
        if (RunId.isValid(t)) {
            Optional<ForkTaskView> byChild = tasks.stream()
                    .filter(f -> t.equals(f.childRunId()))
                    .sorted((a, b) -> Boolean.compare(b.isRunning(), a.isRunning()))
                    .findFirst();
            return byChild.orElseThrow(() -> new DiagException(
                    Fault.NOT_FOUND,
                    "no fork task produces run " + t + " (the server lists " + tasks.size()
                            + " task(s); see `arena diag forks`): nothing to cancel"));
        }
        if (!t.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new DiagException(
                    Fault.INPUT,
                    "'" + t + "' is neither a run id (lower-case UUID) nor a fork task name"
                            + " (e.g. fork-9a4d3f2b; see `arena diag forks`)");
        }
        return tasks.stream()
                .filter(f -> t.equals(f.name()))
                .findFirst()
                .orElseThrow(() -> new DiagException(
                        Fault.NOT_FOUND, "unknown fork task " + t + " (see `arena diag forks`): nothing to cancel"));
    }

    /**
     * Why the cancel would be refused as things stand, or null when it may go ahead. The first
     * reason wins: the task already ended; no admin token; a healthy (not stuck) task without
     * {@code --force}.
     */
    static String blocker(ForkTaskView task, boolean adminTokenSet, boolean force) {
        if (!task.isRunning()) {
            return "fork task " + task.name() + " already ended (" + task.state() + "): nothing to cancel";
        }
        if (!adminTokenSet) {
            return "ARENA_ADMIN_TOKEN is not set in this shell: the server's admin endpoint needs it";
        }
        if (task.orphaned()) {
            return "fork task " + task.name() + " ran on server " + task.ownerId() + " (" + task.ownerUrl()
                    + "), which is gone:"
                    + " there is no worker to cancel; a surviving server closes its run " + task.childRunId()
                    + " as run.error within 30 s (`arena diag triage " + task.childRunId() + "`)";
        }
        if (REMOTE.equals(task.stage()) && !force) {
            return "fork task " + task.name() + " runs on server " + task.ownerId() + " (" + task.ownerUrl()
                    + "); only that"
                    + " server knows whether it is stuck: ask it (`arena diag cancel " + task.name() + " --server "
                    + task.ownerUrl() + "`), or add --force (the cancel is forwarded to it)";
        }
        if (!task.stuck() && !force) {
            Duration idle = Duration.ofMillis((long) (task.idleSeconds() * 1000));
            return "fork task " + task.name() + " is not stuck (it progressed " + Durations.humanize(idle)
                    + " ago): triage it first (`arena diag triage " + task.childRunId() + "`), or add --force";
        }
        return null;
    }
}
