package dev.arena.tui.guarded;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Button;
import com.googlecode.lanterna.gui2.CheckBox;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.arena.tui.text.FailureText;
import dev.arena.tui.text.Paint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The confirm dialog of every guarded action (docs/design.md, "Guarded actions"): shows the preview and the exact commands,
 * starts with Cancel focused, shows the confirmation field as a labelled box (reachable by Tab; a
 * printable key typed while a button has focus goes to the field; Enter in the field confirms), and
 * passes what the operator typed (the run id's first 8 characters
 * for a reap) to the shared guarded-action runner, which refuses a wrong token or a blocked action
 * (the dialog then stays open to correct it) or acts and verifies. A refusal in the preview that
 * force gets past (e.g. recent progress) offers a "force" box; one that force cannot help (no admin
 * token, a task that already ended) offers no field and no action button, only why and Close. The
 * focused element is marked with {@code >} besides its colour (monochrome terminals, screen
 * readers); Esc cancels without acting. Work runs off the GUI thread; the outcome,
 * including the verification, replaces the buttons. Refresh stays paused while the dialog is open.
 */
public final class ConfirmDialog extends BasicWindow {

    private final String token;
    private final PendingAction action;
    private final Consumer<Runnable> background;
    private final Consumer<Runnable> ui;
    private final Consumer<ConfirmOutcome> onOutcome;
    private final Runnable onClose;
    private final TextBox typed = new TextBox();
    private final Label status = new Label("");
    private final Button cancel;
    private final Button confirm;
    private final CheckBox force;
    private final Label fieldLabel;
    private final boolean unavailable;
    private Button close;
    private final Panel buttons = new Panel(new LinearLayout(Direction.HORIZONTAL));
    private boolean busy;
    private boolean finished;
    private final int width;

    /**
     * @param width      columns available for text; longer lines wrap (commands are never cut)
     * @param verb       the confirm button's label, e.g. {@code Reap}
     * @param background runs work off the GUI thread
     * @param ui         runs work on the GUI thread
     * @param onOutcome  called on the GUI thread with the outcome (log it, chain the next step)
     * @param onClose    called on the GUI thread when the dialog closes, however it closes
     */
    public ConfirmDialog(
            PendingAction action,
            String verb,
            int width,
            Consumer<Runnable> background,
            Consumer<Runnable> ui,
            Consumer<ConfirmOutcome> onOutcome,
            Runnable onClose) {
        super(action.preview().title());
        ConfirmPreview preview = action.preview();
        this.token = action.confirmToken();
        this.action = action;
        this.background = background;
        this.ui = ui;
        this.onOutcome = onOutcome;
        this.onClose = onClose;
        setHints(Set.of(Window.Hint.CENTERED, Window.Hint.MODAL));
        Panel body = new Panel(new LinearLayout(Direction.VERTICAL));
        this.width = width;
        for (String d : preview.details()) {
            body.addComponent(new Label(wrap(d, width, "    ")));
        }
        body.addComponent(new Label("Exact commands:").addStyle(SGR.BOLD));
        for (String c : preview.commands()) {
            body.addComponent(new Label(wrap("  " + c, width, "      ")).setForegroundColor(Paint.WARN));
        }
        unavailable = preview.refusal() != null && !preview.forceHelps();
        if (unavailable) {
            body.addComponent(new Label(wrap("Unavailable: " + preview.refusal(), width, "  ")).addStyle(SGR.BOLD));
            body.addComponent(new Label(wrap(
                    "(force cannot get past this: the action would be refused anyway; Esc or Close)", width, " ")));
        } else if (preview.refusal() != null) {
            body.addComponent(
                    new Label(wrap("Refused as things stand: " + preview.refusal(), width, "  ")).addStyle(SGR.BOLD));
        }
        force = preview.forceHelps() ? new CheckBox(FORCE_LABEL) : null;
        if (force != null) {
            body.addComponent(force);
        }
        typed.setPreferredSize(new TerminalSize(Math.max(12, token.length() + 4), 1));
        if (typed.getRenderer() instanceof TextBox.DefaultTextBoxRenderer r) {
            r.setUnusedSpaceCharacter('_'); // the box shows its extent even without colours
        }
        fieldLabel = new Label(fieldText(false)).addStyle(SGR.BOLD);
        if (!unavailable) {
            Panel field = new Panel(new LinearLayout(Direction.HORIZONTAL).setSpacing(0));
            field.addComponent(fieldLabel);
            field.addComponent(new Label("["));
            field.addComponent(typed);
            field.addComponent(new Label("]"));
            body.addComponent(field);
            body.addComponent(new Label(wrap(
                    "(typing goes to the box wherever the focus is; Enter there confirms; Tab moves"
                            + " between the box and the buttons; > marks the focus; Esc cancels)",
                    width,
                    " ")));
        }
        body.addComponent(status);
        cancel = button(unavailable ? "Close" : "Cancel", this::close);
        confirm = button(verb, this::attempt);
        buttons.addComponent(cancel);
        if (!unavailable) {
            buttons.addComponent(confirm);
        }
        body.addComponent(buttons);
        setComponent(body);
        focus(cancel);
    }

    private static final String FORCE_LABEL = "force (act anyway)";

    private String fieldText(boolean focused) {
        return (focused ? "> " : "  ") + "Type " + token + " to confirm: ";
    }

    /** A button drawn flat as {@code [Label]}, with {@code >}…{@code <} around it while focused. */
    private static Button button(String label, Runnable action) {
        Button b = new Button(label, action);
        b.setRenderer(new Button.FlatButtonRenderer());
        b.setLabel("  [" + label + "]  ");
        return b;
    }

    private void focus(Interactable target) {
        setFocusedInteractable(target);
        markFocus();
    }

    /** Marks the focused element with {@code >} so the focus shows without colour. */
    private void markFocus() {
        Interactable focused = getFocusedInteractable();
        for (Button b : List.of(cancel, confirm)) {
            mark(b, b == focused);
        }
        if (close != null) {
            mark(close, close == focused);
        }
        if (force != null) {
            force.setLabel((force == focused ? "> " : "") + FORCE_LABEL);
        }
        fieldLabel.setText(fieldText(focused == typed));
    }

    private static void mark(Button b, boolean focused) {
        String label = b.getLabel().strip();
        label = label.substring(label.indexOf('['), label.lastIndexOf(']') + 1);
        b.setLabel(focused ? "> " + label + " <" : "  " + label + "  ");
    }

    @Override
    public boolean handleInput(KeyStroke key) {
        if (key.getKeyType() == KeyType.Escape && !busy) {
            close();
            return true;
        }
        if (busy) {
            return true;
        }
        boolean inField = getFocusedInteractable() == typed;
        if (inField && key.getKeyType() == KeyType.Enter) {
            attempt();
            return true;
        }
        if (!inField && !unavailable && typed.isEnabled() && goesToTheField(key)) {
            setFocusedInteractable(typed); // typing on a button or the force box types into the field
        }
        boolean handled = super.handleInput(key);
        markFocus();
        return handled;
    }

    /** Printable characters (but the space that presses a button or ticks force) and Backspace. */
    private static boolean goesToTheField(KeyStroke key) {
        if (key.getKeyType() == KeyType.Backspace) {
            return true;
        }
        return key.getKeyType() == KeyType.Character
                && !key.isCtrlDown()
                && !key.isAltDown()
                && key.getCharacter() != ' ';
    }

    private void attempt() {
        if (busy || finished) {
            return;
        }
        String text = typed.getText();
        boolean forced = force != null && force.isChecked();
        busy = true;
        status.setText("working… (verifying afterwards)");
        status.setForegroundColor(Paint.WARN);
        cancel.setEnabled(false);
        confirm.setEnabled(false);
        background.accept(() -> {
            ConfirmOutcome outcome;
            try {
                outcome = action.execute(text, forced);
            } catch (Exception e) {
                outcome =
                        new ConfirmOutcome(ConfirmOutcome.Kind.FAILED, "failed: " + FailureText.describe(e), List.of());
            }
            ConfirmOutcome done = outcome;
            ui.accept(() -> showOutcome(done));
        });
    }

    private void showOutcome(ConfirmOutcome outcome) {
        busy = false;
        List<String> lines = new ArrayList<>();
        lines.add(wrap(outcome.line(), width, "  "));
        for (String v : outcome.verification()) {
            lines.add(wrap("  verify: " + v, width, "    "));
        }
        status.setText(String.join("\n", lines));
        status.setForegroundColor(outcome.ok() ? Paint.OK : Paint.BAD);
        onOutcome.accept(outcome);
        if (outcome.retryable()) {
            cancel.setEnabled(true);
            confirm.setEnabled(true);
            focus(cancel);
            return;
        }
        finished = true;
        typed.setEnabled(false);
        buttons.removeAllComponents();
        close = button("Close", this::close);
        buttons.addComponent(close);
        focus(close);
    }

    /** Hard-wraps {@code text} at {@code width} columns, continuation lines indented; nothing is cut. */
    static String wrap(String text, int width, String indent) {
        StringBuilder out = new StringBuilder();
        String rest = text;
        boolean first = true;
        while (true) {
            String prefix = first ? "" : indent;
            int room = Math.max(10, width - prefix.length());
            if (rest.length() <= room) {
                out.append(prefix).append(rest);
                return out.toString();
            }
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= room / 2) {
                cut = room;
            }
            out.append(prefix).append(rest, 0, cut).append('\n');
            rest = rest.substring(cut).stripLeading();
            first = false;
        }
    }

    @Override
    public void close() {
        super.close();
        onClose.run();
    }
}
