package dev.arena.testkit;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the {@code Private*} JUnit extensions share: one fixture started before a test class and
 * closed after it, and a clear failure when a test reaches for it outside that span.
 */
final class ClassScoped<T> {

    private final String extension;
    private final Supplier<T> start;
    private final Consumer<T> close;
    private T fixture;

    ClassScoped(String extension, Supplier<T> start, Consumer<T> close) {
        this.extension = extension;
        this.start = start;
        this.close = close;
    }

    void start() {
        fixture = start.get();
    }

    /** The running fixture. */
    T get() {
        if (fixture == null) {
            throw new IllegalStateException(extension + " is used outside its test class's lifecycle");
        }
        return fixture;
    }

    void close() {
        if (fixture != null) {
            close.accept(fixture);
            fixture = null;
        }
    }
}
