package dev.arena.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WireShapeTest {

    @Test
    void everyAnnotatedRecordsGeneratedShapeSaysWhatItsAnnotationsSay() throws Exception {
        List<Class<?>> annotated = new ArrayList<>();
        for (Class<?> record : recordsBesideWireJson()) {
            RecordComponent[] components = record.getRecordComponents();
            WireShape fromAnnotations = WireShape.annotated(components);
            boolean hasAnnotations = !List.of(fromAnnotations.names())
                            .equals(Stream.of(components)
                                    .map(RecordComponent::getName)
                                    .toList())
                    || contains(fromAnnotations.omitNull())
                    || contains(fromAnnotations.instantAsString());
            if (!hasAnnotations) {
                continue;
            }
            annotated.add(record);
            WireShape generated = WireShape.generated(record);
            assertThat(generated).as("generated shape of %s", record.getName()).isNotNull();
            assertThat(generated.names()).as(record.getName()).containsExactly(fromAnnotations.names());
            assertThat(generated.omitNull()).as(record.getName()).containsExactly(fromAnnotations.omitNull());
            assertThat(generated.instantAsString())
                    .as(record.getName())
                    .containsExactly(fromAnnotations.instantAsString());
        }
        assertThat(annotated)
                .as("records whose annotations change a name or an option")
                .hasSizeGreaterThan(15);
    }

    @Test
    void readsTheMetricsNamesFromTheGeneratedShape() {
        WireShape shape = WireShape.of(ServerMetrics.class, ServerMetrics.class.getRecordComponents());

        assertThat(shape.names()).startsWith("events_published", "events_streamed", "streams_dropped");
        assertThat(shape.omitNull()[17])
                .as("stream_max_age_seconds omitted when null")
                .isTrue();
        assertThat(WireShape.generated(ServerMetrics.class)).isNotNull();
    }

    @Test
    void aRecordWithoutAGeneratedShapeUsesItsComponentNames() {
        record Plain(String runId, long seq) {}

        assertThat(WireShape.generated(Plain.class)).isNull();
        assertThat(WireShape.of(Plain.class, Plain.class.getRecordComponents()).names())
                .containsExactly("runId", "seq");
        assertThat(WireJson.write(new Plain("r1", 3))).isEqualTo("{\"runId\":\"r1\",\"seq\":3}");
    }

    @Test
    void aGeneratedShapeOfTheWrongSizeIsNotUsed() {
        WireShape shape = new WireShape(new String[] {"a"}, new boolean[1], new boolean[1]);

        assertThat(shape.fits(1)).isTrue();
        assertThat(shape.fits(2)).isFalse();
        assertThat(new WireShape(new String[] {"a", "b"}, new boolean[2], new boolean[1]).fits(2))
                .isFalse();
    }

    private static boolean contains(boolean[] flags) {
        for (boolean flag : flags) {
            if (flag) {
                return true;
            }
        }
        return false;
    }

    /** Every record compiled into arena-core (the wire package and the rest of the module). */
    private static List<Class<?>> recordsBesideWireJson() throws IOException, URISyntaxException {
        Path classes = Path.of(WireJson.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<Class<?>> records = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.');
                name = name.substring(0, name.length() - ".class".length());
                if (name.endsWith("package-info") || name.endsWith("module-info")) {
                    continue;
                }
                try {
                    Class<?> type = Class.forName(name, false, WireJson.class.getClassLoader());
                    if (type.isRecord()) {
                        records.add(type);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // a class whose dependencies are not on the test path says nothing about wire shapes
                }
            }
        }
        return records;
    }
}
