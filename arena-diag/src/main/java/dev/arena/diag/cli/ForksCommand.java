package dev.arena.diag.cli;

import dev.arena.config.Durations;
import dev.arena.diag.Status;
import dev.arena.diag.cli.support.Counts;
import dev.arena.diag.cli.support.PluginOutput;
import dev.arena.diag.server.ForkFrames;
import dev.arena.wire.ForkState;
import dev.arena.wire.ForkTaskView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code arena diag forks [--stuck]}: fork tasks with stage, idle and the stuck ones' top frames; exit 2 when any is stuck. */
@Command(
        name = "forks",
        description = {
            "Fork tasks (GET /debug/forks): state, stage, idle, liveness; stuck ones first with their top frames.",
            "Stuck: idle past ARENA_FORK_STUCK_AFTER with the same stack across samples; slow: idle but its stack moves.",
            "Exit 2 when one is stuck, 1 when one is slow or failed."
        })
final class ForksCommand implements Callable<Integer>, MonitoringCheck {

    /** The shared diag flags; {@link DiagCommand} adds them to this command's spec. */
    final DiagOptions options = new DiagOptions();

    @Option(names = "--stuck", description = "Only stuck tasks.")
    boolean stuckOnly;

    @Option(
            names = "--frames",
            paramLabel = "N",
            defaultValue = "3",
            converter = Counts.NonNegative.class,
            description = "Stack frames shown per stuck task (0 or more). Default: ${DEFAULT-VALUE}.")
    int frames;

    @Override
    public Integer call() {
        return options.execute(false, this::body);
    }

    /** A running task by its liveness — STUCK (critical), slow (warning), running — an ended one by its state. */
    private static String state(Invocation inv, ForkTaskView f) {
        if (f.liveness() == null || !f.isRunning()) {
            return f.state().wireName();
        }
        return switch (f.liveness()) {
            case STUCK -> inv.style().status(Status.CRITICAL, "STUCK");
            case SLOW -> inv.style().status(Status.WARNING, "slow");
            case PROGRESSING -> f.state().wireName();
        };
    }

    /**
     * The server holding the task's lease by its registry id (as {@code arena diag servers} lists it); {@code gone:}
     * and the id's first 7 characters when that server is gone; - without a registry (one server, in-process).
     */
    static String owner(ForkTaskView f) {
        if (f.ownerId() == null || f.ownerId().isEmpty()) {
            return "-";
        }
        if (f.orphaned()) {
            return "gone:" + f.ownerId().substring(0, Math.min(7, f.ownerId().length()));
        }
        return f.ownerId().length() <= 12 ? f.ownerId() : f.ownerId().substring(0, 11) + "…";
    }

    private static String idle(Double seconds) {
        return seconds == null ? "-" : Durations.humanize(Duration.ofMillis((long) (seconds * 1000)));
    }

    /** One line: the stuck tasks (where they wait), else the failed ones, else how many run; gauges of each state. */
    private static PluginOutput plugin(List<ForkTaskView> all, Status status) {
        List<ForkTaskView> stuck = all.stream().filter(ForkTaskView::stuck).toList();
        long running = all.stream().filter(ForkTaskView::isRunning).count();
        long failed = all.stream().filter(t -> t.state() == ForkState.FAILED).count();
        List<ForkTaskView> slow = all.stream().filter(ForkTaskView::slow).toList();
        String summary;
        if (!stuck.isEmpty()) {
            ForkTaskView first = stuck.get(0);
            String where = ForkFrames.decisive(first);
            summary = stuck.size() + " stuck fork task(s): " + first.name() + " (child " + first.childRunId()
                    + ") at stage "
                    + first.stage() + ", idle "
                    + Durations.humanize(Duration.ofMillis((long) (first.idleSeconds() * 1000)))
                    + (where == null ? "" : ", waiting in " + where) + "; next: arena diag triage "
                    + first.childRunId();
        } else if (failed > 0) {
            ForkTaskView first = all.stream()
                    .filter(t -> t.state() == ForkState.FAILED)
                    .findFirst()
                    .orElseThrow();
            summary = failed + " failed fork task(s): " + first.name() + ": " + first.error();
        } else if (!slow.isEmpty()) {
            ForkTaskView first = slow.get(0);
            summary = slow.size() + " slow fork task(s) (idle, stack moving): " + first.name() + " at stage "
                    + first.stage() + ", idle "
                    + Durations.humanize(Duration.ofMillis((long) (first.idleSeconds() * 1000)));
        } else {
            summary = running + " fork task(s) running, none stuck";
        }
        return new PluginOutput(
                status,
                summary,
                List.of(
                        PluginOutput.Perf.gauge("fork_tasks", all.size()),
                        PluginOutput.Perf.gauge("fork_tasks_running", running),
                        PluginOutput.Perf.gauge("fork_tasks_stuck", stuck.size())
                                .crit("0"),
                        PluginOutput.Perf.gauge("fork_tasks_slow", slow.size()).warn("0"),
                        PluginOutput.Perf.gauge("fork_tasks_failed", failed).warn("0")));
    }

    private int body(Invocation inv) {
        List<ForkTaskView> all = inv.sources().server().forks();
        List<ForkTaskView> shown =
                stuckOnly ? all.stream().filter(ForkTaskView::stuck).toList() : all;
        Status status = Status.OK;
        if (all.stream().anyMatch(t -> t.state() == ForkState.FAILED || t.slow())) {
            status = Status.WARNING;
        }
        if (all.stream().anyMatch(ForkTaskView::stuck)) {
            status = Status.CRITICAL;
        }
        if (inv.nagios()) {
            return inv.printPlugin(plugin(all, status));
        }
        if (inv.json()) {
            inv.printJson(Map.of("status", status.name(), "count", shown.size(), "forks", shown));
            return status.exitCode();
        }
        // Fits 80 columns: the child run is the name's suffix (fork-<first 8 of the child>; in full in -o json and in
        // the "next:" line), liveness shows in STATE while the task runs, STILL is how long its stack has not moved.
        Table t = new Table("NAME", "STATE", "STAGE", "IDLE", "STILL", "PARENT", "OWNER");
        for (ForkTaskView f : shown) {
            t.row(
                    f.stuck() ? inv.style().status(Status.CRITICAL, f.name()) : f.name(),
                    state(inv, f),
                    f.stage(),
                    idle(f.idleSeconds()),
                    idle(f.stackUnchangedSeconds()),
                    f.parentRunId() == null
                            ? "-"
                            : f.parentRunId()
                                    .substring(0, Math.min(8, f.parentRunId().length())),
                    owner(f));
        }
        inv.out().print(t.isEmpty() ? (stuckOnly ? "no stuck fork tasks\n" : "no fork tasks\n") : t.render());
        for (ForkTaskView f : shown) {
            if (f.stuck() || f.slow() || f.error() != null) {
                inv.out()
                        .println(f.name()
                                + (f.error() != null
                                        ? " error: " + f.error()
                                        : f.stuck()
                                                ? " stuck at stage " + f.stage() + " (same stack across samples):"
                                                : " slow at stage " + f.stage()
                                                        + " (idle, but its stack moves: working, not parked):"));
                String decisive = ForkFrames.decisive(f);
                if (decisive != null) {
                    inv.out().println("    waiting in " + decisive);
                }
                ForkFrames.top(f, Math.max(0, frames))
                        .forEach(frame -> inv.out().println("    at " + frame));
                if (f.stuck()) {
                    inv.out().println("    next: arena diag triage " + f.childRunId());
                }
            }
        }
        return status.exitCode();
    }
}
