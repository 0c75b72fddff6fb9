package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one binder between the records of this package and their JSON: the server writes with it and
 * clients read with it, so both honour the same annotations — {@code @JsonProperty} names a field,
 * {@code @JsonInclude(NON_NULL)} omits it when null, {@code @JsonValue} gives an enum's wire name,
 * and {@code @JsonSerialize(using = ToStringSerializer.class)} writes an {@link Instant} as
 * {@link Instant#toString()} instead of the six-digit form of {@link WireTime#format}. A {@link WireEnum}'s wire
 * name is its {@link WireEnum#wireName()}, called directly rather than found through its {@code @JsonValue}. The
 * record annotations are read at compile time where it can be: {@link WireShape} takes them from the class the
 * wire-shape processor wrote beside each record, and from the annotations themselves only when there is none.
 *
 * <p>It runs on jackson-core's streaming parser and generator only: Jackson databind costs about
 * 0.3 s of class loading on a cold JVM, more than half of {@code arena diag metrics}' budget. Reading
 * is tolerant as docs/api.md asks of clients: unknown fields are skipped, an absent or null field
 * reads as null (0 or false for a primitive), an unparsable timestamp as null. Thread-safe.
 */
public final class WireJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private WireJson() {}

    /** The compact JSON text of a wire record (or a list of them). */
    public static String write(Object value) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeValue(g, value, false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
        return out.toString();
    }

    /**
     * The wire fields of a record in wire order, by wire name, with their Java values (a field that is
     * omitted when null is left out then): for views that show a record field by field.
     */
    public static Map<String, Object> fields(Record record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : shape(record.getClass()).fields) {
            Object v = f.get(record);
            if (v != null || !f.omitNull) {
                out.put(f.name, v);
            }
        }
        return out;
    }

    /**
     * Reads JSON text into a wire record of type {@code type}.
     *
     * @throws IllegalArgumentException on malformed JSON, a value of the wrong JSON type, or an unknown enum name
     */
    public static <T extends Record> T read(String text, Class<T> type) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("empty JSON");
            }
            Object value = readValue(p, type);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after the JSON value");
            }
            return type.cast(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a JSON array of wire records of type {@code type}, e.g. the body of {@code GET /runs}.
     *
     * @throws IllegalArgumentException on malformed JSON, a body that is not an array, or an element that does not read as {@code type}
     */
    public static <T extends Record> List<T> readList(String text, Class<T> type) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException(
                        first == null ? "empty JSON" : "expected a JSON array, got " + first);
            }
            List<T> out = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) {
                    throw new IllegalArgumentException("the JSON array is not closed");
                }
                out.add(type.cast(readValue(p, type)));
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after the JSON array");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }

    private static void writeValue(JsonGenerator g, Object value, boolean instantAsString) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Instant t) {
            g.writeString(instantAsString ? t.toString() : WireTime.format(t));
        } else if (value instanceof Enum<?> e) {
            g.writeString(wireName(e));
        } else if (value instanceof List<?> items) {
            g.writeStartArray();
            for (Object item : items) {
                writeValue(g, item, instantAsString);
            }
            g.writeEndArray();
        } else if (value instanceof Record record) {
            g.writeStartObject();
            for (Field f : shape(record.getClass()).fields) {
                Object v = f.get(record);
                if (v == null && f.omitNull) {
                    continue;
                }
                g.writeFieldName(f.name);
                writeValue(g, v, f.instantAsString);
            }
            g.writeEndObject();
        } else {
            throw new IllegalArgumentException(
                    "not a wire type: " + value.getClass().getName());
        }
    }

    private static Object readValue(JsonParser p, Type type) throws IOException {
        JsonToken t = p.currentToken();
        Class<?> raw = raw(type);
        if (t == JsonToken.VALUE_NULL) {
            return primitiveDefault(raw);
        }
        if (raw == String.class) {
            expect(p, t.isScalarValue(), "a string");
            return p.getText();
        }
        if (raw == long.class || raw == Long.class) {
            expect(p, t.isNumeric(), "a number");
            return p.getValueAsLong();
        }
        if (raw == int.class || raw == Integer.class) {
            expect(p, t.isNumeric(), "a number");
            return p.getValueAsInt();
        }
        if (raw == double.class || raw == Double.class) {
            expect(p, t.isNumeric(), "a number");
            return p.getValueAsDouble();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            expect(p, t.isBoolean(), "true or false");
            return t == JsonToken.VALUE_TRUE;
        }
        if (raw == Instant.class) {
            expect(p, t == JsonToken.VALUE_STRING, "a timestamp string");
            try {
                return Instant.parse(p.getText());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (raw.isEnum()) {
            expect(p, t == JsonToken.VALUE_STRING, "a string");
            return enumValue(raw, p.getText());
        }
        if (raw == List.class) {
            expect(p, t == JsonToken.START_ARRAY, "an array");
            Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>();
            for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                out.add(readValue(p, item));
            }
            return out;
        }
        if (raw.isRecord()) {
            expect(p, t == JsonToken.START_OBJECT, "an object");
            Shape shape = shape(raw);
            Object[] args = new Object[shape.fields.size()];
            for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                Field f = shape.byName.get(p.currentName());
                p.nextToken();
                if (f == null) {
                    p.skipChildren();
                } else {
                    args[f.index] = readValue(p, f.type);
                }
            }
            for (Field f : shape.fields) {
                if (args[f.index] == null) {
                    args[f.index] = primitiveDefault(raw(f.type));
                }
            }
            return shape.construct(args);
        }
        throw new IllegalArgumentException("not a wire type: " + type.getTypeName());
    }

    private static void expect(JsonParser p, boolean ok, String what) throws IOException {
        if (!ok) {
            throw new IllegalArgumentException(
                    "field " + p.currentName() + ": expected " + what + ", got " + p.currentToken());
        }
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) type;
    }

    private static Object primitiveDefault(Class<?> raw) {
        if (raw == long.class) {
            return 0L;
        }
        if (raw == int.class) {
            return 0;
        }
        if (raw == double.class) {
            return 0.0;
        }
        if (raw == boolean.class) {
            return false;
        }
        return null;
    }

    private static String wireName(Enum<?> e) {
        // A WireEnum names itself: no annotation is read, so no annotation proxy classes are generated at run
        // time (class-data sharing cannot archive them), which a short CLI command would pay for on every start.
        if (e instanceof WireEnum w) {
            return w.wireName();
        }
        Method m = jsonValue(e.getDeclaringClass());
        if (m == null) {
            return e.name();
        }
        try {
            return String.valueOf(m.invoke(e));
        } catch (IllegalAccessException | InvocationTargetException ex) {
            throw new IllegalStateException("cannot read the wire name of " + e, ex);
        }
    }

    private static Object enumValue(Class<?> type, String text) {
        for (Object constant : type.getEnumConstants()) {
            if (wireName((Enum<?>) constant).equals(text)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a known " + type.getSimpleName());
    }

    private static Method jsonValue(Class<?> enumType) {
        for (Method m : enumType.getMethods()) {
            if (m.isAnnotationPresent(JsonValue.class) && m.getParameterCount() == 0) {
                return m;
            }
        }
        return null;
    }

    private static Shape shape(Class<?> type) {
        return SHAPES.computeIfAbsent(type, Shape::of);
    }

    /** A record's wire fields in declaration order, with its canonical constructor. */
    private record Shape(List<Field> fields, Map<String, Field> byName, Constructor<?> constructor) {

        static Shape of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            WireShape wire = WireShape.of(type, components);
            List<Field> fields = new ArrayList<>();
            Map<String, Field> byName = new HashMap<>();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                Field f = new Field(
                        i,
                        wire.names()[i],
                        // only a List needs its type argument; parsing generic signatures costs class loading
                        c.getType() == List.class ? c.getGenericType() : c.getType(),
                        c.getAccessor(),
                        wire.omitNull()[i],
                        wire.instantAsString()[i]);
                fields.add(f);
                byName.put(f.name, f);
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                if (!Modifier.isPublic(constructor.getModifiers())) {
                    constructor.setAccessible(true);
                }
                return new Shape(List.copyOf(fields), Map.copyOf(byName), constructor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " has no canonical constructor", e);
            }
        }

        Object construct(Object[] args) {
            try {
                return constructor.newInstance(args);
            } catch (InstantiationException | IllegalAccessException e) {
                throw new IllegalStateException(
                        "cannot construct " + constructor.getDeclaringClass().getSimpleName(), e);
            } catch (InvocationTargetException e) {
                throw new IllegalArgumentException(
                        "invalid " + constructor.getDeclaringClass().getSimpleName() + ": "
                                + e.getCause().getMessage(),
                        e.getCause());
            }
        }
    }

    private record Field(
            int index, String name, Type type, Method accessor, boolean omitNull, boolean instantAsString) {

        Object get(Object record) {
            try {
                return accessor.invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(
                        "cannot read " + name + " of " + record.getClass().getSimpleName(), e);
            }
        }
    }
}
