package dev.arena.diag.action;

import dev.arena.broker.RunId;
import dev.arena.config.Durations;
import dev.arena.diag.server.ForkFrames;
import dev.arena.diag.source.DiagSources;
import dev.arena.wire.ForkState;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.RunDetail;
import dev.arena.wire.RunStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cancels one fork task (docs/design.md, "Guarded actions") through the server's
 * {@code POST /admin/forks/{name}/cancel}: the worker is interrupted, the task ends
 * {@code cancelled}, and its child run is closed {@code run.cancelled} so its readers get their
 * end. The target is the task's name or its child run id. The preview shows the task's stage, idle
 * time and the top frames of its worker's stack; a task that is not stuck needs {@code --force}.
 * Verified by reading the task and the child run back: both must say {@code cancelled}.
 */
public final class CancelAction implements GuardedAction {

    /** Frames of the worker's stack shown in the preview. */
    static final int TOP_FRAMES = 3;

    private final String target;
    private final DiagSources sources;
    private final boolean force;
    private volatile ForkTaskView task;

    /**
     * @param target a fork task name ({@code fork-9a4d3f2b}) or its child run id
     * @param force  cancel even a task that is not stuck
     */
    public CancelAction(String target, DiagSources sources, boolean force) {
        this.target = target;
        this.sources = sources;
        this.force = force;
    }

    @Override
    public String name() {
        return "cancel";
    }

    /** The task's name once previewed; before that, the target as given. */
    @Override
    public String target() {
        ForkTaskView t = task;
        return t == null ? target : t.name();
    }

    /** The child run id's first 8 characters (the fork name's suffix), like a reap of that run. */
    @Override
    public String confirmPrefix() {
        ForkTaskView t = task;
        if (t != null && RunId.isValid(t.childRunId())) {
            return RunId.parse(t.childRunId()).prefix();
        }
        return RunId.isValid(target) ? RunId.parse(target).prefix() : target;
    }

    @Override
    public ActionPreview preview() {
        String serverUrl = sources.context().serverUrl();
        ForkTaskView t = CancelRules.resolve(target, sources.server().forks());
        task = t;
        List<String> facts = new ArrayList<>();
        Map<String, Object> data = new LinkedHashMap<>();
        Duration idle = Duration.ofMillis((long) (t.idleSeconds() * 1000));
        facts.add("fork task " + t.name() + ": " + t.state() + (t.stuck() ? ", STUCK" : "") + ", stage " + t.stage()
                + ", idle " + Durations.humanize(idle) + ", " + t.eventsReplayed() + " event(s) replayed");
        facts.add("parent " + t.parentRunId() + " at seq " + t.atSeq() + " → child run " + t.childRunId());
        Optional<RunDetail> child =
                RunId.isValid(t.childRunId()) ? sources.server().run(RunId.parse(t.childRunId())) : Optional.empty();
        child.ifPresent(d -> facts.add("child run: status " + d.status().wireName() + ", last seq " + d.lastSeq() + ", "
                + d.subscribers() + " subscriber(s)"));
        List<String> top = ForkFrames.top(t, TOP_FRAMES);
        String decisive = ForkFrames.decisive(t);
        if (top.isEmpty()) {
            facts.add("stack: none (the task is not on a worker)");
        } else {
            facts.add("stack, top " + top.size() + " of " + t.stack().size() + " frame(s)"
                    + (top.contains(decisive) ? ":" : ", then where it waits in Arena's code:"));
            top.forEach(f -> facts.add("  at " + f));
            if (decisive != null && !top.contains(decisive)) {
                facts.add("  … at " + decisive);
            }
        }
        data.put("task", t.name());
        data.put("child_run_id", t.childRunId());
        data.put("parent_run_id", t.parentRunId());
        data.put("state", t.state().wireName());
        data.put("stage", t.stage());
        data.put("idle_seconds", t.idleSeconds());
        data.put("stuck", t.stuck());
        data.put("top_frames", top);
        data.put("waiting_in", decisive);
        child.ifPresent(d -> data.put("child_status", d.status().wireName()));
        List<String> steps = List.of(
                "POST " + serverUrl + "/admin/forks/" + t.name()
                        + "/cancel: the server interrupts the task's worker; the task ends "
                        + "cancelled and closes its child run with run.cancelled, so readers get their end",
                "verify: GET /debug/forks reports " + t.name() + " cancelled and GET /runs/" + t.childRunId()
                        + " reports cancelled");
        List<String> commands = List.of("curl -s -X POST -H \"Authorization: Bearer $ARENA_ADMIN_TOKEN\" " + serverUrl
                + "/admin/forks/" + t.name() + "/cancel");
        String blocker = CancelRules.blocker(t, sources.context().adminToken().isPresent(), force);
        return new ActionPreview(name(), t.name(), confirmPrefix(), facts, steps, commands, blocker, data);
    }

    @Override
    public ActionReport execute(ActionPreview preview) {
        ForkTaskView t = task;
        ForkTaskView after = sources.server().cancelFork(t.name());
        List<String> checks = new ArrayList<>();
        boolean taskOk = after.state() == ForkState.CANCELLED;
        checks.add((taskOk ? "" : "FAILED: ") + "fork task " + after.name() + ": " + after.state()
                + (after.isRunning() ? " (interrupted, not yet stopped: cancel again or restart the server)" : ""));
        boolean runOk = true;
        if (RunId.isValid(t.childRunId())) {
            Optional<RunDetail> run = sources.server().run(RunId.parse(t.childRunId()));
            runOk = run.isPresent() && run.get().status() == RunStatus.CANCELLED;
            checks.add((runOk ? "" : "FAILED: ") + "GET /runs/" + t.childRunId() + ": "
                    + run.map(d -> d.status().wireName()).orElse("gone"));
        }
        boolean ok = taskOk && runOk;
        return new ActionReport(
                ok,
                false,
                ok
                        ? "cancelled " + t.name() + "; its run " + t.childRunId() + " ended cancelled"
                        : "cancel requested but verification failed",
                checks);
    }

    @Override
    public List<String> secrets() {
        return sources.context().adminToken().map(List::of).orElse(List.of());
    }
}
