package dev.arena.tui.window;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.arena.tui.text.WordWrap;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A one-line input ({@code /} filter, {@code :} command): Enter submits, Esc cancels. The hint
 * wraps to the width given, so a long one (the command list) is shown whole on any screen.
 */
public final class PromptWindow extends BasicWindow {

    private final TextBox input;
    private final Consumer<String> onSubmit;

    /** @param width columns the hint may take; longer hints wrap on spaces */
    public PromptWindow(String title, String hint, String initial, int width, Consumer<String> onSubmit) {
        super(title);
        this.onSubmit = onSubmit;
        setHints(Set.of(Window.Hint.CENTERED, Window.Hint.MODAL));
        Panel p = new Panel(new LinearLayout(Direction.VERTICAL));
        p.addComponent(new Label(String.join("\n", WordWrap.wrap(hint, Math.max(20, width)))));
        input = new TextBox(new TerminalSize(Math.min(50, Math.max(20, width)), 1), initial == null ? "" : initial);
        p.addComponent(input);
        setComponent(p);
        setFocusedInteractable(input);
    }

    @Override
    public boolean handleInput(KeyStroke key) {
        if (key.getKeyType() == KeyType.Enter) {
            String text = input.getText();
            close();
            onSubmit.accept(text);
            return true;
        }
        if (key.getKeyType() == KeyType.Escape) {
            close();
            return true;
        }
        return super.handleInput(key);
    }
}
