package dev.arena.diag.cli.support;

import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Binds an option that a command declares through picocli's programmatic model ({@link OptionSpec#builder}) to a field
 * of that command, as an annotated field is bound: the parser writes the field, help and defaults read it, and the
 * field's value before parsing is the option's initial value. Commands on the start-up path of short invocations are
 * declared this way because picocli reads annotations through dynamic proxies that class-data sharing cannot archive.
 * Not thread-safe, like the command it belongs to.
 */
public final class BoundOption {

    private BoundOption() {}

    /**
     * {@code option} bound to a field through {@code get} and {@code set}.
     *
     * @return {@code option}, for chaining ({@code .build()} next)
     */
    public static <V> OptionSpec.Builder to(OptionSpec.Builder option, Supplier<V> get, Consumer<V> set) {
        Field<V> field = new Field<>(get, set);
        return option.getter(field).setter(field).initialValue(get.get());
    }

    private static final class Field<V> implements IGetter, ISetter {
        private final Supplier<V> get;
        private final Consumer<V> set;

        Field(Supplier<V> get, Consumer<V> set) {
            this.get = get;
            this.set = set;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) get.get();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T value) {
            T previous = get();
            set.accept((V) value);
            return previous;
        }
    }
}
