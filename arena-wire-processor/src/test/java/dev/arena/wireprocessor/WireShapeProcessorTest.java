package dev.arena.wireprocessor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WireShapeProcessorTest {

    @TempDir
    Path dir;

    @Test
    void writesEachComponentsNameAndOptionsInDeclarationOrder() throws Exception {
        ClassLoader loader = compile(
                "sample/Sample.java",
                """
                package sample;
                import com.fasterxml.jackson.annotation.JsonInclude;
                import com.fasterxml.jackson.annotation.JsonProperty;
                import com.fasterxml.jackson.databind.annotation.JsonSerialize;
                import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
                public record Sample(
                        @JsonProperty("run_id") String runId,
                        int plain,
                        @JsonProperty("max_age") @JsonInclude(JsonInclude.Include.NON_NULL) Long maxAge,
                        @JsonProperty("at") @JsonSerialize(using = ToStringSerializer.class) java.time.Instant at,
                        @JsonInclude(JsonInclude.Include.ALWAYS) String kept) {}
                """);

        Class<?> shape = loader.loadClass("sample.Sample_WireShape");

        assertThat((String[]) call(shape, "names")).containsExactly("run_id", "plain", "max_age", "at", "kept");
        assertThat((boolean[]) call(shape, "omitNull")).containsExactly(false, false, true, false, false);
        assertThat((boolean[]) call(shape, "instantAsString")).containsExactly(false, false, false, true, false);
    }

    @Test
    void namesANestedRecordsShapeAfterItsEnclosingTypes() throws Exception {
        ClassLoader loader = compile(
                "sample/Outer.java",
                """
                package sample;
                import com.fasterxml.jackson.annotation.JsonProperty;
                public final class Outer {
                    public record Inner(@JsonProperty("fork_id") String forkId) {}
                }
                """);

        Class<?> shape = loader.loadClass("sample.Outer_Inner_WireShape");

        assertThat((String[]) call(shape, "names")).containsExactly("fork_id");
    }

    @Test
    void writesNothingForARecordWithoutJacksonAnnotations() throws Exception {
        compile("sample/Bare.java", "package sample; public record Bare(String a, long b) {}");

        assertThat(dir.resolve("out/sample/Bare_WireShape.class")).doesNotExist();
        assertThat(dir.resolve("out/sample/Bare.class")).exists();
    }

    private ClassLoader compile(String path, String source) throws IOException {
        Path file = dir.resolve("src").resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Path out = Files.createDirectories(dir.resolve("out"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = new ArrayList<>(List.of(
                    "-d", out.toString(), "-s", out.toString(), "-classpath", System.getProperty("java.class.path")));
            JavaCompiler.CompilationTask task =
                    javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(file));
            task.setProcessors(List.of(new WireShapeProcessor()));
            boolean compiled = task.call();
            assertThat(compiled).as("javac: %s", diagnostics.getDiagnostics()).isTrue();
        }
        return new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
    }

    private static Object call(Class<?> shape, String name) throws ReflectiveOperationException {
        Method method = shape.getDeclaredMethod(name);
        method.setAccessible(true);
        return method.invoke(null);
    }
}
