package dev.arena.config;

import dev.arena.error.ArenaException;
import dev.arena.error.Fault;

/**
 * A configuration value that cannot be used ({@link Fault#CONFIGURATION}). The message names the
 * variable, the (masked) value and what is accepted, so the operator can fix it without reading
 * code. Never swallowed: a process with a bad value refuses to start (exit 3).
 */
public class ConfigException extends ArenaException {

    private final String variable;

    public ConfigException(String variable, String message) {
        super(Fault.CONFIGURATION, message);
        this.variable = variable;
    }

    /** The environment variable at fault. */
    public String variable() {
        return variable;
    }
}
