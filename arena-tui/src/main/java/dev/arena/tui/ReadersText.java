package dev.arena.tui;

import dev.arena.config.Durations;
import dev.arena.tui.text.StyledLine;
import dev.arena.wire.ReaderList;
import dev.arena.wire.ReaderView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lays {@code GET /debug/readers} out for the readers window: a summary line, then one row per reader, the furthest
 * behind first, in columns that fit an 80-column terminal's window (the runs by their first 8 characters).
 */
final class ReadersText {

    private ReadersText() {}

    static List<StyledLine> lines(ReaderList list) {
        List<StyledLine> out = new ArrayList<>();
        long behind = list.readers().stream().filter(ReaderView::fallingBehind).count();
        String threshold = Durations.humanize(Duration.ofMillis((long) (list.fallingBehindAfterSeconds() * 1000)));
        if (list.readers().isEmpty()) {
            out.add(StyledLine.of(StyledLine.Kind.GOOD, "no readers connected to this server"));
        } else if (behind > 0) {
            out.add(StyledLine.of(
                    StyledLine.Kind.ALERT,
                    behind + " of " + list.readers().size() + " reader(s) falling behind (" + threshold
                            + " or more); runbook readers.md"));
        } else {
            out.add(StyledLine.of(StyledLine.Kind.GOOD, list.readers().size() + " reader(s), none falling behind"));
        }
        if (list.readers().isEmpty()) {
            return out;
        }
        out.add(StyledLine.text(""));
        out.add(StyledLine.heading(row("TRANSPORT", "WHO", "RUNS", "LAG EV", "LAG", "STATE")));
        for (ReaderView r : list.readers()) {
            String line = row(
                    r.transport(),
                    middle(r.who(), 22),
                    runs(r),
                    Long.toString(r.lagEvents()),
                    Durations.humanize(Duration.ofMillis((long) (r.lagSeconds() * 1000))),
                    r.fallingBehind() ? "BEHIND" : "ok");
            out.add(r.fallingBehind() ? StyledLine.of(StyledLine.Kind.ALERT, line) : StyledLine.text(line));
        }
        return out;
    }

    private static String row(String transport, String who, String runs, String lagEvents, String lag, String state) {
        return String.format(Locale.ROOT, "%-9s %-22s %-11s %7s %6s %s", transport, who, runs, lagEvents, lag, state);
    }

    private static String runs(ReaderView r) {
        if (r.runs().isEmpty()) {
            return "-";
        }
        String first = r.runs().get(0).runId();
        String head = first.substring(0, Math.min(8, first.length()));
        return r.runs().size() == 1 ? head : head + " +" + (r.runs().size() - 1);
    }

    /** {@code s} in at most {@code max} characters, its middle elided: an address keeps its host and its port. */
    private static String middle(String s, int max) {
        if (s == null) {
            return "-";
        }
        if (s.length() <= max) {
            return s;
        }
        int keep = max - 1;
        return s.substring(0, keep / 2) + "…" + s.substring(s.length() - (keep - keep / 2));
    }
}
