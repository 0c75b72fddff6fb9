package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Keeps the runbooks true: every {@code arena …} line in a fenced code block, and every inline
 * {@code `arena …`} span, must parse against the real command tree, so a runbook can never name a
 * command or option that does not exist.
 */
class RunbookCommandsTest {

    private static final List<String> RUNBOOKS =
            List.of("switching-backend.md", "redis-operations.md", "stuck-fork.md", "several-servers.md", "readers.md");
    private static final Pattern INLINE = Pattern.compile("`(arena [^`]+)`");

    static Stream<String> runbooks() {
        return RUNBOOKS.stream();
    }

    /** The runbook text as packaged in the jar (classpath /runbooks/). */
    private static String packaged(String name) throws IOException {
        try (InputStream in = RunbookCommandsTest.class.getResourceAsStream("/runbooks/" + name)) {
            assertThat(in).as("runbook %s is packaged under /runbooks/", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every {@code arena …} command a runbook shows. */
    static List<String> commands(String markdown) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String raw : markdown.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                if (line.startsWith("$ ")) {
                    line = line.substring(2);
                }
                if (line.startsWith("arena ")) {
                    out.add(line);
                }
            } else {
                Matcher m = INLINE.matcher(line);
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    /** Splits like a shell: quotes group, {@code #} starts a comment, {@code ;}/{@code &&}/{@code |} end the command. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if ((c == '#' && !inWord) || c == ';' || c == '|' || c == '&') {
                break;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    @ParameterizedTest
    @MethodSource("runbooks")
    void everyArenaCommand_parsesAgainstTheRealCommandTree(String name) throws IOException {
        List<String> commands = commands(packaged(name));
        assertThat(commands).as("%s shows arena commands", name).isNotEmpty();
        CommandLine tree = ArenaMain.commandLine();
        for (String command : commands) {
            List<String> argv = words(command);
            try {
                CommandLine.ParseResult parsed =
                        tree.parseArgs(argv.subList(1, argv.size()).toArray(String[]::new));
                assertThat(parsed.hasSubcommand())
                        .as("%s: '%s' names a subcommand", name, command)
                        .isTrue();
            } catch (CommandLine.ParameterException e) {
                fail(name + ": '" + command + "' does not parse: " + e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("runbooks")
    void everyRunbookHasASymptomCauseFixTable_andRawEquivalents(String name) throws IOException {
        String text = packaged(name);
        assertThat(text).contains("| symptom |").contains("| fix |");
        assertThat(text).containsAnyOf("redis-cli", "curl ");
    }

    @Test
    void packagedRunbooks_matchTheSourceFolder() throws IOException {
        Path dir = Path.of("..", "runbooks");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".md"))
                    .toList();
            assertThat(names).containsAll(RUNBOOKS);
            for (String n : names) {
                assertThat(packaged(n)).isEqualTo(Files.readString(dir.resolve(n)));
            }
        }
    }

    /** The README and the operator docs show {@code ./arena …} commands: those must parse too. */
    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/diag.md", "docs/console.md"})
    void everyArenaCommandInTheDocs_parsesAgainstTheRealCommandTree(String doc) throws IOException {
        String text = Files.readString(Path.of("..").resolve(doc)).replace("./arena ", "arena ");
        // Prose mentions ("arena diag …") and usage synopses ("[--watch] | runs") are not commands.
        List<String> commands = commands(text).stream()
                .filter(c -> !c.contains("…") && !c.contains("[-") && !c.contains(" | "))
                .toList();
        assertThat(commands).as("%s shows arena commands", doc).isNotEmpty();
        CommandLine tree = ArenaMain.commandLine();
        for (String command : commands) {
            List<String> argv = words(command);
            try {
                tree.parseArgs(argv.subList(1, argv.size()).toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                fail(doc + ": '" + command + "' does not parse: " + e.getMessage());
            }
        }
    }

    @Test
    void theCheckerItself_rejectsAMissingOption() {
        List<String> argv = words("arena diag reap 3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d --no-such-flag # comment");
        assertThat(argv)
                .containsExactly("arena", "diag", "reap", "3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d", "--no-such-flag");
        Assertions.assertThatThrownBy(() -> ArenaMain.commandLine()
                        .parseArgs(argv.subList(1, argv.size()).toArray(String[]::new)))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThat(commands("text `arena diag nope` more\n```sh\narena diag doctor\n```\n"))
                .containsExactly("arena diag nope", "arena diag doctor");
    }
}
