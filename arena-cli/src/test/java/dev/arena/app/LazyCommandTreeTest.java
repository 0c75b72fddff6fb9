package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.diag.cli.DiagCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Main builds only the part of the command tree an invocation names; what the operator sees (help, errors,
 * suggestions) must be the same as from the full tree.
 */
class LazyCommandTreeTest {

    @Test
    void everyDiagSubcommandIsRegisteredUnderTheNameItsModelGives() {
        Map<String, CommandLine> subs =
                ArenaMain.commandLine().getSubcommands().get("diag").getSubcommands();

        assertThat(subs.keySet()).containsExactlyElementsOf(DiagCommand.subcommandNames());
        subs.forEach((name, cl) -> {
            Command annotation = cl.getCommandSpec().userObject().getClass().getAnnotation(Command.class);
            assertThat(annotation == null ? cl.getCommandSpec().name() : annotation.name())
                    .as("name %s is registered under", name)
                    .isEqualTo(name);
        });
    }

    @Test
    void aDiagSubcommandGetsATreeWithOnlyThatSubcommand() {
        CommandLine cl = ArenaMain.commandLineFor("diag", "metrics", "--server", "http://127.0.0.1:9");

        assertThat(cl.getSubcommands().keySet()).containsExactly("diag");
        assertThat(cl.getSubcommands().get("diag").getSubcommands().keySet()).containsExactly("metrics");
    }

    @Test
    void aTopLevelCommandGetsOnlyItself() {
        assertThat(ArenaMain.commandLineFor("smoke").getSubcommands().keySet()).containsExactly("smoke");
    }

    @Test
    void theFullTreeListsHelpFirstThenTheCommandsInHelpOrder() {
        assertThat(ArenaMain.commandLine().getSubcommands().keySet())
                .containsExactly("help", "server", "smoke", "race", "console", "demo", "diag", "completion");
    }

    @Test
    void theRootKeepsPicocliStandardHelpOptions() {
        CommandLine.Model.CommandSpec root = ArenaMain.commandLine().getCommandSpec();

        assertThat(root.mixinStandardHelpOptions()).isTrue();
        assertThat(root.findOption("--help").usageHelp()).isTrue();
        assertThat(root.findOption("--version").versionHelp()).isTrue();
    }

    @Test
    void theSharedDiagFlagsComeFirstInEveryDiagSubcommand() {
        ArenaMain.commandLine().getSubcommands().get("diag").getSubcommands().forEach((name, cl) -> {
            if (!name.equals("token")) {
                assertThat(cl.getCommandSpec().options().subList(0, 6))
                        .extracting(o -> o.longestName())
                        .as("first options of diag %s", name)
                        .containsExactly("--help", "--output", "--server", "--redis", "--token", "--timeout");
            }
        });
    }

    @Test
    void anythingElseGetsTheFullTree() {
        int full = ArenaMain.commandLine().getSubcommands().size();

        assertThat(ArenaMain.commandLineFor().getSubcommands()).hasSize(full);
        assertThat(ArenaMain.commandLineFor("--version").getSubcommands()).hasSize(full);
        assertThat(ArenaMain.commandLineFor("help", "diag").getSubcommands()).hasSize(full);
        assertThat(ArenaMain.commandLineFor("completion", "bash").getSubcommands())
                .hasSize(full);
        assertThat(ArenaMain.commandLineFor("diag").getSubcommands().get("diag").getSubcommands())
                .hasSameSizeAs(DiagCommand.subcommandNames());
        assertThat(ArenaMain.commandLineFor("diag", "metrix")
                        .getSubcommands()
                        .get("diag")
                        .getSubcommands())
                .hasSameSizeAs(DiagCommand.subcommandNames());
    }

    @Test
    void subcommandHelpReadsTheSameFromEitherTree() {
        for (String name : DiagCommand.subcommandNames()) {
            assertThat(helpOf(ArenaMain.commandLineFor("diag", name, "--help"), "diag", name, "--help"))
                    .as("help of diag %s", name)
                    .isEqualTo(helpOf(ArenaMain.commandLine(), "diag", name, "--help"))
                    .contains("Usage: arena diag " + name);
        }
    }

    @Test
    void aMistypedSubcommandIsStillSuggested() {
        CapturedArena arena = new CapturedArena();

        int code = arena.run("diag", "metrix");

        assertThat(code).isNotZero();
        assertThat(arena.err.toString()).contains("metrix").contains("metrics");
    }

    private static String helpOf(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        cl.execute(args);
        return out.toString();
    }
}
