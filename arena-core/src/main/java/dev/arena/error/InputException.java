package dev.arena.error;

/**
 * The caller's request or arguments are invalid (a malformed field, a value out of range, a
 * request the current state does not allow). The message names the offending input and what is
 * accepted; the server answers it 400, the CLI exits 3.
 */
public class InputException extends ArenaException {

    public InputException(String message) {
        super(Fault.INPUT, message);
    }

    public InputException(String message, Throwable cause) {
        super(Fault.INPUT, message, cause);
    }
}
