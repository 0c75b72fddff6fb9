package dev.arena.tui.guarded;

import dev.arena.broker.RunId;
import dev.arena.diag.action.ActionOutcome;
import dev.arena.diag.action.ActionPreview;
import dev.arena.diag.action.CancelAction;
import dev.arena.diag.action.Confirmation;
import dev.arena.diag.action.GuardedAction;
import dev.arena.diag.action.GuardedRunner;
import dev.arena.diag.action.ReapAction;
import dev.arena.diag.source.DiagSources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Wraps a diagnostics {@link GuardedAction} as a {@link PendingAction} for the confirm dialog: the
 * preview is taken once and shown; execution goes through the shared {@link GuardedRunner}
 * (confirmation check, refusal, act, verify, audit) exactly as {@code arena diag} does it.
 */
public final class GuardedSteps implements PendingAction {

    private final GuardedAction action;
    private final Supplier<GuardedAction> forced;
    private final GuardedRunner runner;
    private final ActionPreview preview;
    private final boolean forceHelps;
    private final NextStep next;
    private String step = "";

    /** Prepares the step after a successful one (e.g. the rotation's finish). */
    @FunctionalInterface
    public interface NextStep {
        PendingAction prepare() throws Exception;
    }

    /**
     * @param forced the same action with force on (re-previewed when the operator ticks force), or null
     * @param next   the following step, or null
     */
    public GuardedSteps(GuardedAction action, Supplier<GuardedAction> forced, GuardedRunner runner, NextStep next) {
        this.action = action;
        this.forced = forced;
        this.runner = runner;
        this.preview = runner.preview(action);
        // force is offered only when the forced form of the action would not be refused too
        this.forceHelps = preview.blocked()
                && forced != null
                && !runner.preview(forced.get()).blocked();
        this.next = next;
    }

    public static GuardedSteps reap(RunId run, DiagSources sources, GuardedRunner runner) {
        return new GuardedSteps(
                new ReapAction(run, sources, false), () -> new ReapAction(run, sources, true), runner, null);
    }

    public static GuardedSteps cancel(String forkName, DiagSources sources, GuardedRunner runner) {
        return new GuardedSteps(
                new CancelAction(forkName, sources, false),
                () -> new CancelAction(forkName, sources, true),
                runner,
                null);
    }

    /** Labels this step in its dialog title, e.g. {@code Step 1/2}. */
    public GuardedSteps step(String label) {
        this.step = label == null ? "" : label + ": ";
        return this;
    }

    @Override
    public ConfirmPreview preview() {
        ConfirmPreview v = toView(preview);
        return new ConfirmPreview(step + v.title(), v.details(), v.commands(), v.refusal(), forceHelps);
    }

    static ConfirmPreview toView(ActionPreview p) {
        List<String> details = new ArrayList<>(p.facts());
        if (!p.steps().isEmpty()) {
            details.add("Will do, in order:");
            int i = 1;
            for (String s : p.steps()) {
                details.add("  " + (i++) + ". " + s);
            }
        }
        return new ConfirmPreview(capitalise(p.action()) + " " + p.target(), details, p.commands(), p.blocker(), false);
    }

    @Override
    public String confirmToken() {
        return action.confirmPrefix();
    }

    @Override
    public ConfirmOutcome execute(String typed, boolean force) {
        GuardedAction a = action;
        ActionPreview p = preview;
        if (force && forced != null && preview.blocked()) {
            a = forced.get();
            p = runner.preview(a);
        }
        return toView(runner.run(a, p, Confirmation.typed(typed == null ? "" : typed), false));
    }

    static ConfirmOutcome toView(ActionOutcome o) {
        ConfirmOutcome.Kind kind =
                switch (o.result()) {
                    case DONE -> ConfirmOutcome.Kind.DONE;
                    case REFUSED, DRY_RUN -> ConfirmOutcome.Kind.REFUSED;
                    case NOT_CONFIRMED -> ConfirmOutcome.Kind.NOT_CONFIRMED;
                    case ROLLED_BACK -> ConfirmOutcome.Kind.ROLLED_BACK;
                    case FAILED -> ConfirmOutcome.Kind.FAILED;
                };
        List<String> verification = o.report() == null ? List.of() : o.report().verification();
        return new ConfirmOutcome(kind, o.message(), verification);
    }

    @Override
    public PendingAction next() throws Exception {
        return next == null ? null : next.prepare();
    }

    private static String capitalise(String s) {
        return s == null || s.isEmpty() ? "Action" : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
