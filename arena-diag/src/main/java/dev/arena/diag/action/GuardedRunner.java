package dev.arena.diag.action;

import dev.arena.config.Secrets;
import dev.arena.diag.DiagException;
import dev.arena.diag.redis.RedisUnavailableException;
import dev.arena.wire.AuditEntry;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Runs a {@link GuardedAction} through the sequence of docs/design.md, "Guarded actions" — preview, read-only refusal, blocker
 * refusal, dry run, confirmation, execute and verify — and writes exactly one audit line for every
 * attempt that got as far as a preview. The CLI and the console both use it, so a console reap and
 * a scripted reap behave the same.
 */
public final class GuardedRunner {

    private final AuditLog audit;
    private final boolean readonly;
    private final String actor;
    private final String envLabel;
    private final Clock clock;

    /**
     * @param actor    who acts, e.g. {@code arena-cli@host:pid (user)}
     * @param envLabel ARENA_ENV or null
     */
    public GuardedRunner(AuditLog audit, boolean readonly, String actor, String envLabel, Clock clock) {
        this.audit = audit;
        this.readonly = readonly;
        this.actor = actor;
        this.envLabel = envLabel;
        this.clock = clock;
    }

    /** Previews without acting, confirming or auditing (for dialogs that show the preview first). */
    public ActionPreview preview(GuardedAction action) {
        return action.preview();
    }

    /**
     * Runs the whole sequence with a preview taken now.
     *
     * @param dryRun preview only; nothing changes
     */
    public ActionOutcome run(GuardedAction action, Confirmation confirmation, boolean dryRun) {
        ActionPreview preview;
        try {
            preview = action.preview();
        } catch (DiagException | RedisUnavailableException e) {
            return new ActionOutcome(
                    ActionOutcome.Result.FAILED, scrub(action, "cannot preview: " + e.getMessage()), null, null);
        }
        return run(action, preview, confirmation, dryRun);
    }

    /** Runs the sequence with a preview the operator has already seen. */
    public ActionOutcome run(GuardedAction action, ActionPreview preview, Confirmation confirmation, boolean dryRun) {
        if (dryRun) {
            return new ActionOutcome(
                    ActionOutcome.Result.DRY_RUN,
                    "nothing was changed"
                            + (preview.blocked()
                                    ? " (as things stand it would be refused: " + preview.blocker() + ")"
                                    : ""),
                    preview,
                    null);
        }
        if (readonly) {
            return finish(
                    action,
                    preview,
                    null,
                    ActionOutcome.Result.REFUSED,
                    "refused: read-only mode (--readonly or ARENA_READONLY=1); nothing was changed");
        }
        if (preview.blocked()) {
            return finish(action, preview, null, ActionOutcome.Result.REFUSED, "refused: " + preview.blocker());
        }
        if (!confirmation.confirms(action.confirmPrefix())) {
            String how = confirmation.mode() == Confirmation.Mode.TYPED
                    ? "typed confirmation did not match '" + action.confirmPrefix() + "'"
                    : "not confirmed: type '" + action.confirmPrefix() + "' when asked, or pass --yes in a script";
            return finish(action, preview, null, ActionOutcome.Result.NOT_CONFIRMED, how + "; nothing was changed");
        }
        try {
            audit.checkWritable();
        } catch (DiagException e) {
            // Nothing may change that the audit trail cannot record; no line either, since none can be written.
            return new ActionOutcome(
                    ActionOutcome.Result.REFUSED,
                    scrub(
                            action,
                            "refused: the action could not be audited: " + e.getMessage() + "; nothing was changed"),
                    preview,
                    null);
        }
        ActionReport report;
        try {
            report = action.execute(preview);
        } catch (DiagException | RedisUnavailableException e) {
            return finish(action, preview, null, ActionOutcome.Result.FAILED, "failed: " + e.getMessage());
        }
        ActionOutcome.Result result = report.verified()
                ? ActionOutcome.Result.DONE
                : report.rolledBack() ? ActionOutcome.Result.ROLLED_BACK : ActionOutcome.Result.FAILED;
        return finish(action, preview, report, result, report.message());
    }

    private ActionOutcome finish(
            GuardedAction action,
            ActionPreview preview,
            ActionReport report,
            ActionOutcome.Result result,
            String message) {
        String clean = scrub(action, message);
        String detail = clean;
        if (report != null && !report.verification().isEmpty()) {
            detail = clean + " | verify: " + String.join("; ", report.verification());
        }
        String auditNote = null;
        try {
            audit.append(
                    new AuditEntry(
                            clock.instant(),
                            action.name(),
                            action.target(),
                            actor,
                            result.name().toLowerCase(Locale.ROOT),
                            detail,
                            envLabel),
                    action.secrets());
        } catch (DiagException e) {
            auditNote = e.getMessage();
        }
        ActionReport cleanReport = report == null
                ? null
                : new ActionReport(
                        report.verified(),
                        report.rolledBack(),
                        scrub(action, report.message()),
                        report.verification().stream()
                                .map(v -> scrub(action, v))
                                .toList());
        if (auditNote == null) {
            return new ActionOutcome(result, clean, preview, cleanReport);
        }
        if (result == ActionOutcome.Result.DONE) {
            // Done but unrecorded is not success: the operator must record it by hand.
            return new ActionOutcome(
                    ActionOutcome.Result.FAILED,
                    clean + " (the change stands) but it could NOT be audited: " + auditNote
                            + "; record it in the audit trail by hand",
                    preview,
                    cleanReport);
        }
        return new ActionOutcome(result, clean + " (WARNING: " + auditNote + ")", preview, cleanReport);
    }

    private static String scrub(GuardedAction action, String text) {
        List<String> secrets = action.secrets();
        return AuditLog.clean(Secrets.scrub(text, secrets.toArray(String[]::new)), secrets);
    }
}
