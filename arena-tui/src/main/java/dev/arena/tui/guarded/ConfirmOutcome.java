package dev.arena.tui.guarded;

import java.util.List;
import java.util.Locale;

/**
 * The result of one attempt at a guarded action, including its verification step.
 *
 * @param kind         how it ended
 * @param summary      one line for the operator and the log panel (secrets masked)
 * @param verification what the verification step checked and found, one line each
 */
public record ConfirmOutcome(Kind kind, String summary, List<String> verification) {

    /** How an attempt ended. */
    public enum Kind {
        /** Done and verified. */
        DONE,
        /** Acting or verifying failed. */
        FAILED,
        /** Verification failed and the change was rolled back. */
        ROLLED_BACK,
        /** Refused as things stand (e.g. recent progress without force); nothing changed. */
        REFUSED,
        /** The typed confirmation did not match; nothing changed. */
        NOT_CONFIRMED
    }

    public ConfirmOutcome {
        verification = List.copyOf(verification);
    }

    /** {@code "NOT CONFIRMED: typed confirmation did not match …"}, without repeating the kind. */
    public String line() {
        String label = kind.name().replace('_', ' ');
        String text = summary;
        String lower = label.toLowerCase(Locale.ROOT) + ": ";
        if (text.toLowerCase(Locale.ROOT).startsWith(lower)) {
            text = text.substring(lower.length());
        }
        return label + ": " + text;
    }

    public boolean ok() {
        return kind == Kind.DONE;
    }

    /** True when nothing changed and the operator may correct the input and try again. */
    public boolean retryable() {
        return kind == Kind.REFUSED || kind == Kind.NOT_CONFIRMED;
    }
}
