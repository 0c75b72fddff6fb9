package dev.arena.diag.doctor;

import dev.arena.diag.Status;
import java.util.List;

/** Every check doctor ran; the overall status is the worst of them. */
public record DoctorReport(List<CheckResult> checks) {

    public DoctorReport {
        checks = List.copyOf(checks);
    }

    public Status status() {
        Status worst = Status.OK;
        for (CheckResult c : checks) {
            worst = worst.worst(c.status());
        }
        return worst;
    }
}
