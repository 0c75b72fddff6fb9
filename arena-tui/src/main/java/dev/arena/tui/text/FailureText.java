package dev.arena.tui.text;

import java.util.concurrent.ExecutionException;

/** One line saying why something failed, for a stale mark, a log line or a dialog. */
public final class FailureText {

    private FailureText() {}

    /**
     * The message of the innermost cause that has one (wrappers without a message and
     * {@link ExecutionException}s are looked through), whitespace collapsed; the exception's simple
     * class name when there is no message at all.
     */
    public static String describe(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof ExecutionException)) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        String text = msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
        return text.replaceAll("\\s+", " ");
    }
}
