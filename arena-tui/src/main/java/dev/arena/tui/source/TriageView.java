package dev.arena.tui.source;

import java.util.List;

/**
 * The diagnostics triage of one run, as the console shows it after {@code t}.
 *
 * @param verdict     short verdict, e.g. {@code STUCK in llm_call}
 * @param severity    {@code ok}, {@code warning}, {@code critical} or {@code unknown}
 * @param findings    the evidence, one line each
 * @param nextStep    the runbook's recommended next step
 * @param nextCommand the exact command for that step, or null
 */
public record TriageView(String verdict, String severity, List<String> findings, String nextStep, String nextCommand) {

    public TriageView {
        findings = List.copyOf(findings);
    }
}
