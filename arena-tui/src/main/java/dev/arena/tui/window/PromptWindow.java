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
import java.util.Set;
import java.util.function.Consumer;

/** A one-line input ({@code /} filter, {@code :} command): Enter submits, Esc cancels. */
public final class PromptWindow extends BasicWindow {

    private final TextBox input;
    private final Consumer<String> onSubmit;

    public PromptWindow(String title, String hint, String initial, Consumer<String> onSubmit) {
        super(title);
        this.onSubmit = onSubmit;
        setHints(Set.of(Window.Hint.CENTERED, Window.Hint.MODAL));
        Panel p = new Panel(new LinearLayout(Direction.VERTICAL));
        p.addComponent(new Label(hint));
        input = new TextBox(new TerminalSize(50, 1), initial == null ? "" : initial);
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
