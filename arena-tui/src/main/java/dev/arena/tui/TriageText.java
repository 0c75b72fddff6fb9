package dev.arena.tui;

import dev.arena.broker.RunId;
import dev.arena.tui.source.TriageView;
import dev.arena.tui.text.StyledLine;
import java.util.ArrayList;
import java.util.List;

/** Lays a {@link TriageView} out for the triage window: verdict first, then evidence, then what to do. */
final class TriageText {

    private TriageText() {}

    /** @param writeMode whether {@code r} reaps from the triage window (else the footer says why not) */
    static List<StyledLine> lines(RunId run, TriageView t, boolean writeMode) {
        List<StyledLine> out = new ArrayList<>();
        StyledLine.Kind kind =
                switch (t.severity()) {
                    case "ok" -> StyledLine.Kind.GOOD;
                    case "critical", "warning" -> StyledLine.Kind.ALERT;
                    default -> StyledLine.Kind.HEADING;
                };
        out.add(StyledLine.of(kind, "VERDICT: " + t.verdict() + "  (" + t.severity() + ")"));
        out.add(StyledLine.of(StyledLine.Kind.DIM, "run " + run));
        out.add(StyledLine.text(""));
        out.add(StyledLine.heading("Evidence"));
        for (String f : t.findings()) {
            out.add(StyledLine.text("  " + f));
        }
        out.add(StyledLine.text(""));
        out.add(StyledLine.heading("Next step"));
        out.add(StyledLine.text("  " + t.nextStep()));
        if (t.nextCommand() != null && !t.nextCommand().isBlank()) {
            out.add(StyledLine.of(StyledLine.Kind.CODE, "  $ " + t.nextCommand()));
        }
        out.add(StyledLine.text(""));
        out.add(StyledLine.of(
                StyledLine.Kind.DIM,
                "b opens the stuck-fork runbook; "
                        + (writeMode ? "r reaps this run" : "reaping needs write mode (W on the dashboard)")
                        + "; q closes"));
        return out;
    }
}
