package dev.arena.wireprocessor;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Writes {@code <Record>_WireShape} (a nested record's name joined with {@code _}) beside every record whose
 * components carry Jackson's {@code @JsonProperty}, {@code @JsonInclude} or {@code @JsonSerialize}: three static
 * methods giving, per component in declaration order, its JSON name, whether a null is omitted and whether an
 * instant is written as {@code Instant.toString()}. Reading those annotations at run time costs a short command more
 * than the rest of reading its answer (annotation proxies, their parsing); the generated class costs one class load.
 *
 * <p>The annotations stay the source of truth: the processor reads them by name (it needs no Jackson), and the wire
 * binder falls back to them when a record has no generated shape or one that does not match it.
 */
@SupportedAnnotationTypes({WireShapeProcessor.PROPERTY, WireShapeProcessor.INCLUDE, WireShapeProcessor.SERIALIZE})
public final class WireShapeProcessor extends AbstractProcessor {

    static final String PROPERTY = "com.fasterxml.jackson.annotation.JsonProperty";
    static final String INCLUDE = "com.fasterxml.jackson.annotation.JsonInclude";
    static final String SERIALIZE = "com.fasterxml.jackson.databind.annotation.JsonSerialize";

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        Set<TypeElement> records = new LinkedHashSet<>();
        for (TypeElement annotation : annotations) {
            for (Element annotated : round.getElementsAnnotatedWith(annotation)) {
                Element owner = annotated.getEnclosingElement();
                if (owner != null && owner.getKind() == ElementKind.RECORD) {
                    records.add((TypeElement) owner);
                }
            }
        }
        for (TypeElement record : records) {
            write(record);
        }
        return false;
    }

    private void write(TypeElement record) {
        List<String> names = new ArrayList<>();
        List<Boolean> omitNull = new ArrayList<>();
        List<Boolean> instantAsString = new ArrayList<>();
        for (RecordComponentElement component : ElementFilter.recordComponentsIn(record.getEnclosedElements())) {
            // Jackson's annotations do not target record components: javac puts them on the accessor.
            List<? extends AnnotationMirror> mirrors = component.getAccessor().getAnnotationMirrors();
            String name = component.getSimpleName().toString();
            boolean omit = false;
            boolean asString = false;
            for (AnnotationMirror mirror : mirrors) {
                String type = ((TypeElement) mirror.getAnnotationType().asElement())
                        .getQualifiedName()
                        .toString();
                Object value = valueOf(mirror, "value");
                switch (type) {
                    case PROPERTY -> {
                        if (value instanceof String s && !s.isEmpty()) {
                            name = s;
                        }
                    }
                    case INCLUDE -> omit = value != null && value.toString().equals("NON_NULL");
                    case SERIALIZE -> {
                        Object using = valueOf(mirror, "using");
                        asString = using != null && using.toString().endsWith(".ToStringSerializer");
                    }
                    default -> {}
                }
            }
            names.add(name);
            omitNull.add(omit);
            instantAsString.add(asString);
        }
        String simple = binaryName(record);
        String pkg = packageOf(record).getQualifiedName().toString();
        String generated = simple + "_WireShape";
        String qualified = pkg.isEmpty() ? generated : pkg + "." + generated;
        try (Writer out =
                processingEnv.getFiler().createSourceFile(qualified, record).openWriter()) {
            out.write(source(pkg, generated, record.getQualifiedName().toString(), names, omitNull, instantAsString));
        } catch (IOException e) {
            processingEnv
                    .getMessager()
                    .printMessage(Diagnostic.Kind.ERROR, "cannot write " + qualified + ": " + e, record);
        }
    }

    private static Object valueOf(AnnotationMirror mirror, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
                mirror.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                return e.getValue().getValue();
            }
        }
        return null;
    }

    /** {@code Outer_Inner} for a nested record, {@code Record} for a top-level one. */
    private static String binaryName(TypeElement type) {
        Element owner = type.getEnclosingElement();
        String simple = type.getSimpleName().toString();
        return owner instanceof TypeElement outer ? binaryName(outer) + "_" + simple : simple;
    }

    private static PackageElement packageOf(Element element) {
        Element e = element;
        while (!(e instanceof PackageElement)) {
            e = e.getEnclosingElement();
        }
        return (PackageElement) e;
    }

    private static String source(
            String pkg,
            String generated,
            String record,
            List<String> names,
            List<Boolean> omitNull,
            List<Boolean> instantAsString) {
        StringBuilder s = new StringBuilder();
        if (!pkg.isEmpty()) {
            s.append("package ").append(pkg).append(";\n\n");
        }
        s.append("/** The wire shape of {@link ").append(record).append("}, read from its Jackson annotations. */\n");
        s.append("@javax.annotation.processing.Generated(\"")
                .append(WireShapeProcessor.class.getName())
                .append("\")\n");
        s.append("final class ").append(generated).append(" {\n\n");
        s.append("    private ").append(generated).append("() {}\n\n");
        s.append("    static String[] names() {\n        return new String[] {")
                .append(names.stream().map(WireShapeProcessor::literal).collect(Collectors.joining(", ")))
                .append("};\n    }\n\n");
        s.append("    static boolean[] omitNull() {\n        return new boolean[] {")
                .append(omitNull.stream().map(String::valueOf).collect(Collectors.joining(", ")))
                .append("};\n    }\n\n");
        s.append("    static boolean[] instantAsString() {\n        return new boolean[] {")
                .append(instantAsString.stream().map(String::valueOf).collect(Collectors.joining(", ")))
                .append("};\n    }\n}\n");
        return s.toString();
    }

    private static String literal(String value) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
