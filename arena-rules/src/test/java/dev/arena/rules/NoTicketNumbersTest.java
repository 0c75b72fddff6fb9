package dev.arena.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No issue, defect or ticket number in the repository's sources and documents: tests are named for
 * the behaviour they pin down and comments say what a thing is, so a reader never needs the
 * tracker. Walks the checkout from its root (the directory holding {@code mvnw}), skipping build
 * output and what git ignores, and lists every offending file and line.
 */
class NoTicketNumbersTest {

    private static final Set<String> EXTENSIONS =
            Set.of("java", "md", "yml", "yaml", "xml", "properties", "sh", "sql", "lua");
    private static final Set<String> NAMES = Set.of("arena", "run", "env.example", "Dockerfile");
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", ".mvn", ".idea", ".vscode", "data", "node_modules");
    /** This file quotes offending lines on purpose, to show that the matcher catches them. */
    private static final String SELF = "NoTicketNumbersTest.java";

    @Test
    void noSourceOrDocumentNamesATicketNumber() throws IOException {
        Path root = repositoryRoot();
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> !skipped(root, p))
                    .filter(Files::isRegularFile)
                    .filter(NoTicketNumbersTest::scanned)
                    .sorted()
                    .forEach(p -> offences.addAll(offences(root, p)));
        }
        assertThat(offences)
                .as("issue/defect/ticket numbers (name the behaviour or say what the thing does instead)")
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Added in issue 12.",
                "/** Issue 11, part 7: GET /runs is an array. */",
                "see Issue #42 for the story",
                "the fix for defect 4 (diag side)",
                "issues 10 and 11 built this",
                "void issue11Part8_completionZsh() {",
                "void defect5_lostRun() {",
                "class Issue12Defect9LauncherIT {",
                "part 3 of the issue",
                "TICKET-less? no: ticket 7",
            })
    void matcher_flagsTicketNumbers(String line) {
        assertThat(TicketNumbers.inLine(line)).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "A Redis issue without a number is prose.",
                "the issue of ordering: seq 12 comes after seq 11",
                "see https://github.com/ben-manes/caffeine/blob/master/caffeine/src/test/java/com/github/benmanes/caffeine/cache/issues/Issue193Test.java",
                "https://github.com/redis/redis/issues/1234",
                "a fixed seed (12) draws 360 requests",
                "parts[0] and part 2 of the payload",
                "String[] parts = line.split(\" \", 4);",
                "issued_by operator-sim",
            })
    void matcher_passesOrdinaryText(String line) {
        assertThat(TicketNumbers.inLine(line)).isEmpty();
    }

    @Test
    void matcher_flagsFileNamesCarryingATicketNumber() {
        assertThat(TicketNumbers.inFileName("Issue10RegistryIT.java")).isTrue();
        assertThat(TicketNumbers.inFileName("Issue12Defect4Test.java")).isTrue();
        assertThat(TicketNumbers.inFileName("ServerRegistryIT.java")).isFalse();
        assertThat(TicketNumbers.inFileName("IssueTrackerLinks.md")).isFalse();
    }

    private static List<String> offences(Path root, Path file) {
        String shown = root.relativize(file).toString();
        List<String> found = new ArrayList<>();
        if (TicketNumbers.inFileName(file.getFileName().toString())) {
            found.add(shown + ": file name");
        }
        if (file.getFileName().toString().equals(SELF)) {
            return found;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            List<String> hits = TicketNumbers.inLine(lines.get(i));
            if (!hits.isEmpty()) {
                found.add(shown + ":" + (i + 1) + ": " + hits);
            }
        }
        return found;
    }

    private static boolean scanned(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return NAMES.contains(name) || (dot > 0 && EXTENSIONS.contains(name.substring(dot + 1)));
    }

    private static boolean skipped(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            String name = part.toString();
            if (SKIPPED_DIRS.contains(name) || name.startsWith("target")) {
                return true;
            }
        }
        return false;
    }

    /** The checkout: the nearest directory at or above the module's that holds {@code mvnw}. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no directory holding mvnw at or above " + Path.of("").toAbsolutePath());
    }
}
