package dev.arena.testkit;

import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A terminal a test can watch and type into: Lanterna's {@link DefaultVirtualTerminal} of a given
 * size, read back as lines of text, with keys typed into its input queue and waits for what the
 * screen shows. The console under test draws on {@link #terminal()} from its own thread, so every
 * assertion about the screen waits ({@link #awaitText}, {@link #awaitScreen}) instead of sleeping;
 * a timeout fails with the whole screen in the message. Thread-safe as far as the terminal is.
 */
public final class VirtualConsole {

    /** How long a wait for the screen lasts unless the test says otherwise. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(15);

    private static final Duration POLL = Duration.ofMillis(20);

    private final DefaultVirtualTerminal terminal;

    /** A blank terminal of {@code columns}×{@code rows}. */
    public VirtualConsole(int columns, int rows) {
        this.terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
    }

    /** The terminal to draw the console on. */
    public VirtualTerminal terminal() {
        return terminal;
    }

    /** Every row as it shows now, each exactly as wide as the terminal. */
    public List<String> lines() {
        TerminalSize size = terminal.getTerminalSize();
        List<String> out = new ArrayList<>(size.getRows());
        for (int r = 0; r < size.getRows(); r++) {
            StringBuilder sb = new StringBuilder(size.getColumns());
            for (int c = 0; c < size.getColumns(); c++) {
                TextCharacter ch = terminal.getCharacter(c, r);
                sb.append(ch == null ? " " : ch.getCharacterString());
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** Row {@code row} (0 at the top) as it shows now. */
    public String line(int row) {
        return lines().get(row);
    }

    /** The screen as one string, rows separated by newlines. */
    public String text() {
        return String.join("\n", lines());
    }

    /** The screen as it goes into docs: every row with its trailing spaces trimmed, each ending in a newline. */
    public String capture() {
        StringBuilder sb = new StringBuilder();
        for (String row : lines()) {
            sb.append(row.stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** True when the screen shows every one of {@code texts} now. */
    public boolean contains(String... texts) {
        String screen = text();
        for (String t : texts) {
            if (!screen.contains(t)) {
                return false;
            }
        }
        return true;
    }

    /** The first row showing {@code text}, if any. */
    public Optional<String> lineContaining(String text) {
        return lines().stream().filter(l -> l.contains(text)).findFirst();
    }

    /** The index of the first row showing {@code text}, or -1. */
    public int rowOf(String text) {
        List<String> rows = lines();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    /** The character cell at ({@code column}, {@code row}) with its colours and modifiers. */
    public TextCharacter characterAt(int column, int row) {
        return terminal.getCharacter(column, row);
    }

    /** Waits up to {@link #DEFAULT_WAIT} until the screen shows every one of {@code texts}. */
    public VirtualConsole awaitText(String... texts) {
        return awaitText(DEFAULT_WAIT, texts);
    }

    /**
     * Waits up to {@code timeout} until the screen shows every one of {@code texts}.
     *
     * @throws AssertionError naming what is missing, with the screen, when the time is up
     */
    public VirtualConsole awaitText(Duration timeout, String... texts) {
        return awaitScreen(timeout, screen -> {
            String now = screen.text();
            List<String> missing = new ArrayList<>();
            for (String t : texts) {
                if (!now.contains(t)) {
                    missing.add(t);
                }
            }
            if (!missing.isEmpty()) {
                throw new AssertionError("the screen does not show " + missing + ":\n" + now);
            }
        });
    }

    /** Waits up to {@link #DEFAULT_WAIT} until the screen shows none of {@code texts}. */
    public VirtualConsole awaitGone(String... texts) {
        return awaitScreen(DEFAULT_WAIT, screen -> {
            String now = screen.text();
            for (String t : texts) {
                if (now.contains(t)) {
                    throw new AssertionError("the screen still shows '" + t + "':\n" + now);
                }
            }
        });
    }

    /** Waits up to {@link #DEFAULT_WAIT} until {@code assertion} passes on the screen. */
    public VirtualConsole awaitScreen(Consumer<VirtualConsole> assertion) {
        return awaitScreen(DEFAULT_WAIT, assertion);
    }

    /**
     * Waits up to {@code timeout}, looking at the screen every few milliseconds, until
     * {@code assertion} (which throws {@link AssertionError} while unmet) passes.
     */
    public VirtualConsole awaitScreen(Duration timeout, Consumer<VirtualConsole> assertion) {
        await().atMost(timeout).pollInterval(POLL).pollDelay(Duration.ZERO).untilAsserted(() -> assertion.accept(this));
        return this;
    }

    /** Types {@code chars}, one key stroke per character, as a keyboard would. */
    public VirtualConsole type(String chars) {
        for (char c : chars.toCharArray()) {
            terminal.addInput(new KeyStroke(c, false, false));
        }
        return this;
    }

    /** Presses {@code keys} (Enter, Tab, arrows, Escape…) in order. */
    public VirtualConsole press(KeyType... keys) {
        for (KeyType k : keys) {
            terminal.addInput(new KeyStroke(k));
        }
        return this;
    }

    /** Presses {@code c} with Ctrl held. */
    public VirtualConsole pressCtrl(char c) {
        terminal.addInput(new KeyStroke(c, true, false));
        return this;
    }

    /** Resizes the terminal, as a user dragging the window would; the console is told through its resize listener. */
    public VirtualConsole resize(int columns, int rows) {
        terminal.setTerminalSize(new TerminalSize(columns, rows));
        return this;
    }
}
