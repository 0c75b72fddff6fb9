package dev.arena.diag;

import dev.arena.error.ArenaException;
import dev.arena.error.Fault;

/**
 * The diagnostics family of {@link ArenaException}: a source unreachable, a refusal, an answer
 * that makes no sense. Unless said otherwise a source is at fault ({@link Fault#UNAVAILABLE}); a
 * bad flag is {@link Fault#INPUT}. Callers translate it once at their edge: the CLI into an exit
 * code and a one-line message, the console into a stale mark. The message never contains a secret.
 */
public class DiagException extends ArenaException {

    public DiagException(String message) {
        super(Fault.UNAVAILABLE, message);
    }

    public DiagException(String message, Throwable cause) {
        super(Fault.UNAVAILABLE, message, cause);
    }

    public DiagException(Fault fault, String message) {
        super(fault, message);
    }
}
