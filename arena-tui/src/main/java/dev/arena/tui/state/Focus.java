package dev.arena.tui.state;

/** The panels that take the keyboard, in Tab order. */
public enum Focus {
    RUNS("Open runs"),
    STREAM("Stream"),
    FORKS("Fork tasks"),
    LOG("Audit / log");

    private final String title;

    Focus(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public Focus next() {
        return values()[(ordinal() + 1) % values().length];
    }

    public Focus previous() {
        return values()[(ordinal() + values().length - 1) % values().length];
    }
}
