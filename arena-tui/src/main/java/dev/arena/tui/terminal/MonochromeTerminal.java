package dev.arena.tui.terminal;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.SimpleTheme;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.graphics.Theme;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.TerminalResizeListener;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A terminal that never shows a colour, for {@code NO_COLOR} (https://no-color.org): every
 * foreground and background colour reaching the real terminal becomes the terminal's default,
 * while bold, reverse video and the rest pass through, so the selection, focused buttons and
 * alerts stay visible. Everything else is delegated unchanged. Used through {@link #theme()} so
 * dialogs mark focus with reverse video instead of colour.
 */
public final class MonochromeTerminal implements Terminal {

    private final Terminal delegate;

    public MonochromeTerminal(Terminal delegate) {
        this.delegate = delegate;
    }

    /** The GUI theme without colours: focused and selected components in reverse video, active ones bold. */
    public static Theme theme() {
        TextColor d = TextColor.ANSI.DEFAULT;
        SimpleTheme theme = SimpleTheme.makeTheme(true, d, d, d, d, d, d, d);
        theme.getDefaultDefinition().setSelected(d, d, SGR.REVERSE).setActive(d, d, SGR.BOLD, SGR.REVERSE);
        return theme;
    }

    @Override
    public void setForegroundColor(TextColor color) throws IOException {
        delegate.setForegroundColor(TextColor.ANSI.DEFAULT);
    }

    @Override
    public void setBackgroundColor(TextColor color) throws IOException {
        delegate.setBackgroundColor(TextColor.ANSI.DEFAULT);
    }

    @Override
    public void enterPrivateMode() throws IOException {
        delegate.enterPrivateMode();
    }

    @Override
    public void exitPrivateMode() throws IOException {
        delegate.exitPrivateMode();
    }

    @Override
    public void clearScreen() throws IOException {
        delegate.clearScreen();
    }

    @Override
    public void setCursorPosition(int x, int y) throws IOException {
        delegate.setCursorPosition(x, y);
    }

    @Override
    public void setCursorPosition(TerminalPosition position) throws IOException {
        delegate.setCursorPosition(position);
    }

    @Override
    public TerminalPosition getCursorPosition() throws IOException {
        return delegate.getCursorPosition();
    }

    @Override
    public void setCursorVisible(boolean visible) throws IOException {
        delegate.setCursorVisible(visible);
    }

    @Override
    public void putCharacter(char c) throws IOException {
        delegate.putCharacter(c);
    }

    @Override
    public void putString(String string) throws IOException {
        delegate.putString(string);
    }

    /** Drawing straight onto the terminal (the screen does not) keeps the delegate's colours: none is set here. */
    @Override
    public TextGraphics newTextGraphics() throws IOException {
        return delegate.newTextGraphics();
    }

    @Override
    public void enableSGR(SGR sgr) throws IOException {
        delegate.enableSGR(sgr);
    }

    @Override
    public void disableSGR(SGR sgr) throws IOException {
        delegate.disableSGR(sgr);
    }

    @Override
    public void resetColorAndSGR() throws IOException {
        delegate.resetColorAndSGR();
    }

    @Override
    public void addResizeListener(TerminalResizeListener listener) {
        delegate.addResizeListener(listener);
    }

    @Override
    public void removeResizeListener(TerminalResizeListener listener) {
        delegate.removeResizeListener(listener);
    }

    @Override
    public TerminalSize getTerminalSize() throws IOException {
        return delegate.getTerminalSize();
    }

    @Override
    public byte[] enquireTerminal(int timeout, TimeUnit unit) throws IOException {
        return delegate.enquireTerminal(timeout, unit);
    }

    @Override
    public void bell() throws IOException {
        delegate.bell();
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public KeyStroke pollInput() throws IOException {
        return delegate.pollInput();
    }

    @Override
    public KeyStroke readInput() throws IOException {
        return delegate.readInput();
    }
}
