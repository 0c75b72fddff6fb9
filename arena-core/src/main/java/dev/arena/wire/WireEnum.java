package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * An enum whose wire form is its constant's name in lower case ({@code RUNNING} → {@code running}),
 * so every wire enum spells its values one way; Jackson finds it through the {@link JsonValue} here,
 * {@link WireJson} calls it directly (reading the annotation would cost proxy classes on every CLI start).
 */
public interface WireEnum {

    /** The constant's Java name; every enum has it. */
    String name();

    /** The lower-case wire name, e.g. {@code running}. */
    @JsonValue
    default String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
