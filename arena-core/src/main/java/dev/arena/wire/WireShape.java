package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * A record's JSON names and options, one entry per component in declaration order. Read from the class that
 * {@code dev.arena.wireprocessor.WireShapeProcessor} generated beside the record at compile time when there is one
 * that fits, else from the record's Jackson annotations: the annotations stay the source of truth, the generated
 * class only saves a short command the cost of reading them at run time (annotation proxies and their parsing).
 */
record WireShape(String[] names, boolean[] omitNull, boolean[] instantAsString) {

    static WireShape of(Class<?> type, RecordComponent[] components) {
        WireShape generated = generated(type);
        if (generated != null && generated.fits(components.length)) {
            return generated;
        }
        return annotated(components);
    }

    /** The generated shape ({@code Outer_Inner_WireShape} for a nested record), or null when there is none. */
    static WireShape generated(Class<?> type) {
        Class<?> shape;
        try {
            shape = Class.forName(type.getName().replace('$', '_') + "_WireShape", true, type.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        try {
            return new WireShape((String[]) call(shape, "names"), (boolean[]) call(shape, "omitNull"), (boolean[])
                    call(shape, "instantAsString"));
        } catch (ReflectiveOperationException | ClassCastException | SecurityException e) {
            return null;
        }
    }

    /** The shape the components' annotations give (javac puts Jackson's annotations on the accessors). */
    static WireShape annotated(RecordComponent[] components) {
        String[] names = new String[components.length];
        boolean[] omitNull = new boolean[components.length];
        boolean[] instantAsString = new boolean[components.length];
        for (int i = 0; i < components.length; i++) {
            Method accessor = components[i].getAccessor();
            JsonProperty property = accessor.getAnnotation(JsonProperty.class);
            JsonInclude include = accessor.getAnnotation(JsonInclude.class);
            JsonSerialize serialize = accessor.getAnnotation(JsonSerialize.class);
            names[i] = property == null || property.value().isEmpty() ? components[i].getName() : property.value();
            omitNull[i] = include != null && include.value() == JsonInclude.Include.NON_NULL;
            instantAsString[i] =
                    serialize != null && serialize.using().getSimpleName().equals("ToStringSerializer");
        }
        return new WireShape(names, omitNull, instantAsString);
    }

    boolean fits(int components) {
        return names != null
                && omitNull != null
                && instantAsString != null
                && names.length == components
                && omitNull.length == components
                && instantAsString.length == components;
    }

    private static Object call(Class<?> shape, String name) throws ReflectiveOperationException {
        Method method = shape.getDeclaredMethod(name);
        method.setAccessible(true);
        return method.invoke(null);
    }
}
