package dev.arena.diag.cli;

import dev.arena.diag.Status;
import java.util.Map;

/**
 * Colour on or off, decided once per command: {@code CLICOLOR_FORCE} (non-zero) forces it on,
 * {@code NO_COLOR} (non-empty) forces it off, otherwise colour only on a terminal.
 */
final class Style {

    private static final String RESET = "\u001b[0m";

    private final boolean colour;

    Style(boolean colour) {
        this.colour = colour;
    }

    static Style decide(Map<String, String> env, boolean tty) {
        String force = env.get("CLICOLOR_FORCE");
        if (force != null && !force.isEmpty() && !force.equals("0")) {
            return new Style(true);
        }
        String no = env.get("NO_COLOR");
        if (no != null && !no.isEmpty()) {
            return new Style(false);
        }
        return new Style(tty);
    }

    boolean enabled() {
        return colour;
    }

    String status(Status s, String text) {
        return switch (s) {
            case OK -> paint("32", text);
            case WARNING -> paint("33", text);
            case CRITICAL -> paint("1;31", text);
            case UNKNOWN -> paint("35", text);
        };
    }

    String bold(String text) {
        return paint("1", text);
    }

    String dim(String text) {
        return paint("2", text);
    }

    String red(String text) {
        return paint("1;31", text);
    }

    private String paint(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + RESET : text;
    }
}
