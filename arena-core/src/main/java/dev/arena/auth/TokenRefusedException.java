package dev.arena.auth;

import dev.arena.error.ArenaException;
import dev.arena.error.Fault;

/**
 * A reader token that cannot be used: malformed, unsigned ({@code alg: none}), signed with another key or
 * algorithm, without {@code exp}, expired, or with claims of the wrong shape. The message says which and what
 * to do, and never holds the token. Answered 401 by the server.
 */
public final class TokenRefusedException extends ArenaException {

    /** The stable {@code error} code of the 401 body. */
    public enum Reason {
        TOKEN_MISSING("token_missing"),
        TOKEN_INVALID("token_invalid"),
        TOKEN_EXPIRED("token_expired");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public TokenRefusedException(Reason reason, String message) {
        super(Fault.INPUT, message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
