package dev.arena.diag;

/**
 * The one unchecked root of expected diagnostic failures (a source unreachable, a refusal, an
 * answer that makes no sense). Callers translate it once at their edge: the CLI into an exit code
 * and a one-line message, the console into a stale mark. The message never contains a secret.
 */
public class DiagException extends RuntimeException {

    public DiagException(String message) {
        super(message);
    }

    public DiagException(String message, Throwable cause) {
        super(message, cause);
    }
}
