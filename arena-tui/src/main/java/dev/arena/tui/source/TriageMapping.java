package dev.arena.tui.source;

import dev.arena.diag.triage.NextStep;
import dev.arena.diag.triage.TriageReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns the diagnostics triage report into what the triage window shows. */
final class TriageMapping {

    private TriageMapping() {}

    static TriageView map(TriageReport r) {
        List<String> findings = new ArrayList<>();
        findings.add(r.headline());
        findings.addAll(r.evidence());
        List<NextStep> steps = r.nextSteps();
        String step = steps.isEmpty() ? "nothing to do" : steps.get(0).action();
        String command = steps.isEmpty()
                ? null
                : steps.get(0).command() != null
                        ? steps.get(0).command()
                        : steps.get(0).raw();
        for (int i = 1; i < steps.size(); i++) {
            NextStep s = steps.get(i);
            findings.add("then: " + s.action() + (s.command() == null ? "" : "  $ " + s.command()));
        }
        return new TriageView(r.verdict().label(), r.status().name().toLowerCase(Locale.ROOT), findings, step, command);
    }
}
