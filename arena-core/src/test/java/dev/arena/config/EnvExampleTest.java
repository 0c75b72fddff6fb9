package dev.arena.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code env.example} lists every variable the code reads, and nothing it
 * does not. "Read by the code" is every {@code ARENA_*} / {@code REDIS_*} string literal in the main
 * sources of the default build's modules, every {@code ${ARENA_…}} in their resources (logback.xml)
 * and in the {@code arena} launcher — less the Lua script's error codes, which share the prefix.
 */
class EnvExampleTest {

    private static final List<String> MODULES =
            List.of("arena-testkit", "arena-core", "arena-diag", "arena-tui", "arena-cli");
    private static final Pattern JAVA_LITERAL = Pattern.compile("\"((?:ARENA|REDIS)_[A-Z0-9_]+)\"");
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{((?:ARENA|REDIS)_[A-Z0-9_]+)");
    private static final Pattern EXAMPLE_ENTRY =
            Pattern.compile("^#?\\s*((?:ARENA|REDIS)_[A-Z0-9_]+)=", Pattern.MULTILINE);
    /** Error replies of publish.lua ({@code ARENA_CLOSED …}), matched by the Java side, not variables. */
    private static final Set<String> LUA_ERROR_CODES =
            Set.of("ARENA_CLOSED", "ARENA_EXISTS", "ARENA_RESET", "ARENA_UNKNOWN");

    static Path root;

    @BeforeAll
    static void findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("env.example"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("env.example in a parent of the working directory").isNotNull();
        root = dir;
    }

    static Set<String> readByTheCode() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String module : MODULES) {
            Path main = root.resolve(module).resolve("src/main");
            if (!Files.isDirectory(main)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(main)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".java")) {
                        collect(JAVA_LITERAL, Files.readString(f), names);
                    } else if (name.endsWith(".xml") || name.endsWith(".properties")) {
                        collect(SUBSTITUTION, Files.readString(f), names);
                    }
                }
            }
        }
        collect(SUBSTITUTION, Files.readString(root.resolve("arena")), names);
        names.removeAll(LUA_ERROR_CODES);
        return names;
    }

    static Set<String> listedInEnvExample() throws IOException {
        Set<String> names = new TreeSet<>();
        collect(EXAMPLE_ENTRY, Files.readString(root.resolve("env.example")), names);
        return names;
    }

    private static void collect(Pattern p, String text, Set<String> into) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    @Test
    void envExample_listsEveryVariableTheCodeReads() throws IOException {
        Set<String> read = readByTheCode();
        assertThat(read)
                .as("the scan finds the variables it must")
                .contains(
                        "ARENA_BROKER_BACKEND",
                        "REDIS_URL",
                        "ARENA_LOG_LEVEL",
                        "ARENA_LOG_FORMAT",
                        "ARENA_ACCESS_LOG",
                        "ARENA_JAVA_OPTS");
        assertThat(listedInEnvExample())
                .as("env.example (add the missing ones, one per line)")
                .containsAll(read);
    }

    @Test
    void envExample_listsNothingTheCodeDoesNotRead() throws IOException {
        assertThat(readByTheCode())
                .as("variables read by the code (env.example lists one that nothing reads)")
                .containsAll(listedInEnvExample());
    }

    @Test
    void everyListedVariable_isDocumentedInConfigurationMd() throws IOException {
        String doc = Files.readString(root.resolve("docs/configuration.md"));
        assertThat(listedInEnvExample())
                .allSatisfy(name -> assertThat(doc).as(name).contains("`" + name + "`"));
    }

    @Test
    void theExcludedNames_areReallyTheLuaScriptsErrorCodes() throws IOException {
        String lua = Files.readString(root.resolve("arena-core/src/main/resources/dev/arena/broker/redis/publish.lua"));
        assertThat(LUA_ERROR_CODES).allSatisfy(code -> assertThat(lua).contains(code));
    }
}
