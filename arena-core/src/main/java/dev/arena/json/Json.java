package dev.arena.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Collection;
import java.util.Map;

/**
 * The one configured Jackson mapper, and best-effort conversion of arbitrary producer values
 * into JSON (a stray non-serialisable object must never fail a publish).
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {}

    /** The shared, thread-safe mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Compact JSON text of {@code value}; throws only on values Jackson cannot handle at all. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot serialise " + value.getClass().getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Parses JSON text; throws {@link IllegalArgumentException} naming the problem on bad input. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The best JSON object form of a payload: objects stay objects, maps and beans are converted,
     * anything Jackson rejects falls back to its {@code toString()}, and a non-object value is
     * wrapped as {@code {"value": …}}. Never throws.
     */
    public static ObjectNode bestEffortObject(Object payload) {
        JsonNode node = bestEffort(payload, 0);
        if (node instanceof ObjectNode object) {
            return object;
        }
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
        if (node != null && !node.isNull()) {
            wrapped.set("value", node);
        }
        return wrapped;
    }

    private static JsonNode bestEffort(Object value, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node.deepCopy();
        }
        if (depth > 64) {
            return f.textNode(String.valueOf(value));
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = f.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), bestEffort(v, depth + 1)));
            return object;
        }
        if (value instanceof Collection<?> items) {
            var array = f.arrayNode();
            items.forEach(v -> array.add(bestEffort(v, depth + 1)));
            return array;
        }
        try {
            return MAPPER.valueToTree(value);
        } catch (IllegalArgumentException | StackOverflowError e) {
            return f.textNode(String.valueOf(value));
        }
    }
}
