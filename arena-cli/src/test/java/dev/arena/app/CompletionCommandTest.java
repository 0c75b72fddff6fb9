package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CompletionCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ArenaMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void completion_printsABashScriptCoveringDiagSubcommandsAndOptions() {
        int code = run("completion");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("complete -F").contains("_picocli_arena").contains("rotate-password")
                .contains("sentinels").contains("--output");
    }

    @Test
    void completionBash_isTheDefaultScript() {
        assertThat(run("completion", "bash")).isZero();
        assertThat(out.toString()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_arena");
    }

    @Test
    void issue11Part8_completionZsh_printsTheScriptWithAZshNote() {
        int code = run("completion", "zsh");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("# arena completion for zsh").contains("bashcompinit")
                .contains("complete -F _complete_arena").contains("rotate-password");
    }

    @Test
    void issue11Part8_completionUnknownShell_exits3NamingTheAllowedValues() {
        int code = run("completion", "fish");
        assertThat(code).isEqualTo(3);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("fish").contains("bash").contains("zsh");
    }
}
