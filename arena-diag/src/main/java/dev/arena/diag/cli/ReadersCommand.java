package dev.arena.diag.cli;

import dev.arena.config.Durations;
import dev.arena.diag.Status;
import dev.arena.diag.cli.support.PluginOutput;
import dev.arena.wire.ReaderList;
import dev.arena.wire.ReaderView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code arena diag readers}: who reads from the server, over which transport, how far behind; exit 1 when one falls behind. */
@Command(
        name = "readers",
        description = {
            "Readers of the server (GET /debug/readers): transport (sse, ws), who, runs followed, lag in events and seconds, the furthest behind first.",
            "Exit 1 when a reader is falling behind (lagging by the server's threshold or more). Also -o nagios."
        })
final class ReadersCommand implements Callable<Integer>, MonitoringCheck {

    /** The shared diag flags; {@link DiagCommand} adds them to this command's spec. */
    final DiagOptions options = new DiagOptions();

    @Override
    public Integer call() {
        return options.execute(false, this::body);
    }

    private int body(Invocation inv) {
        ReaderList list = inv.sources().server().readers();
        long behind = list.readers().stream().filter(ReaderView::fallingBehind).count();
        Status status = behind > 0 ? Status.WARNING : Status.OK;
        if (inv.nagios()) {
            return inv.printPlugin(plugin(list, behind, status));
        }
        if (inv.json()) {
            inv.printJson(
                    Map.of("status", status.name(), "count", list.readers().size(), "readers", list.readers()));
            return status.exitCode();
        }
        if (list.readers().isEmpty()) {
            inv.out().println("no readers");
            return status.exitCode();
        }
        // Fits 80 columns: one row per reader, its runs by their first 8 characters (in full in -o json).
        Table t = new Table("TRANSPORT", "WHO", "RUNS", "LAG EV", "LAG", "BUFFERED", "STATE");
        for (ReaderView r : list.readers()) {
            t.row(
                    r.transport(),
                    shortened(r.who(), 22),
                    runs(r),
                    Long.toString(r.lagEvents()),
                    Durations.humanize(Duration.ofMillis((long) (r.lagSeconds() * 1000))),
                    Long.toString(r.bufferedBytes()),
                    r.fallingBehind() ? inv.style().status(Status.WARNING, "BEHIND") : "ok");
        }
        inv.out().print(t.render());
        if (behind > 0) {
            inv.out()
                    .println(behind + " reader(s) falling behind (lagging "
                            + Durations.humanize(Duration.ofMillis((long) (list.fallingBehindAfterSeconds() * 1000)))
                            + " or more): see runbooks/readers.md");
        }
        return status.exitCode();
    }

    /** One line: the furthest-behind reader when one falls behind, else how many read; reader gauges. */
    private static PluginOutput plugin(ReaderList list, long behind, Status status) {
        String summary;
        if (behind > 0) {
            ReaderView worst = list.readers().get(0);
            summary = behind + " of " + list.readers().size() + " reader(s) falling behind: " + worst.transport() + " "
                    + worst.who() + " on " + runs(worst) + ", "
                    + Durations.humanize(Duration.ofMillis((long) (worst.lagSeconds() * 1000))) + " and "
                    + worst.lagEvents() + " events behind; see runbooks/readers.md";
        } else {
            summary = list.readers().size() + " reader(s), none falling behind";
        }
        return new PluginOutput(
                status,
                summary,
                List.of(
                        PluginOutput.Perf.gauge("readers", list.readers().size()),
                        PluginOutput.Perf.gauge("readers_behind", behind).warn("0")));
    }

    private static String runs(ReaderView r) {
        if (r.runs().isEmpty()) {
            return "-";
        }
        String first = r.runs().get(0).runId();
        String head = first.substring(0, Math.min(8, first.length()));
        return r.runs().size() == 1 ? head : head + " +" + (r.runs().size() - 1);
    }

    private static String shortened(String s, int max) {
        if (s == null || s.length() <= max) {
            return s == null ? "-" : s;
        }
        int keep = max - 1;
        return s.substring(0, keep / 2) + "…" + s.substring(s.length() - (keep - keep / 2));
    }
}
