package dev.arena.config;

/**
 * A configuration value that cannot be used. The message names the variable, the (masked) value
 * and what is accepted, so the operator can fix it without reading code.
 */
public class ConfigException extends RuntimeException {

    private final String variable;

    public ConfigException(String variable, String message) {
        super(message);
        this.variable = variable;
    }

    /** The environment variable at fault. */
    public String variable() {
        return variable;
    }
}
