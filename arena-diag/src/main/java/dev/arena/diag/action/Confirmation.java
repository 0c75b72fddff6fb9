package dev.arena.diag.action;

/**
 * How the operator confirmed: not at all, by typing a prefix interactively, or scripted with
 * {@code --yes} on a command line that names the exact target.
 */
public record Confirmation(Mode mode, String typed) {

    /** The three ways a confirmation can arrive. */
    public enum Mode {
        NONE,
        TYPED,
        YES
    }

    public static Confirmation none() {
        return new Confirmation(Mode.NONE, null);
    }

    public static Confirmation typed(String text) {
        return new Confirmation(Mode.TYPED, text);
    }

    public static Confirmation yes() {
        return new Confirmation(Mode.YES, null);
    }

    /** True when this confirms an action whose confirm prefix is {@code prefix}. */
    public boolean confirms(String prefix) {
        return switch (mode) {
            case YES -> true;
            case TYPED -> typed != null && typed.trim().equals(prefix);
            case NONE -> false;
        };
    }
}
