package dev.arena.tui;

/** The panels that take the keyboard, in Tab order. */
enum Focus {
    RUNS("Open runs"), STREAM("Stream"), FORKS("Fork tasks"), LOG("Audit / log");

    private final String title;

    Focus(String title) {
        this.title = title;
    }

    String title() {
        return title;
    }

    Focus next() {
        return values()[(ordinal() + 1) % values().length];
    }

    Focus previous() {
        return values()[(ordinal() + values().length - 1) % values().length];
    }
}
