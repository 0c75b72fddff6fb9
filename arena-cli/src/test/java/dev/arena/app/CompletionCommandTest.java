package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompletionCommandTest {

    private final CapturedArena arena = new CapturedArena();

    private int run(String... args) {
        return arena.run(args);
    }

    @Test
    void completion_printsABashScriptCoveringDiagSubcommandsAndOptions() {
        int code = run("completion");
        assertThat(code).isZero();
        assertThat(arena.out.toString())
                .contains("complete -F")
                .contains("_picocli_arena")
                .contains("rotate-password")
                .contains("sentinels")
                .contains("--output");
    }

    @Test
    void completionBash_isTheDefaultScript() {
        assertThat(run("completion", "bash")).isZero();
        assertThat(arena.out.toString()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_arena");
    }

    @Test
    void completionZsh_printsTheScriptWithAZshNote() {
        int code = run("completion", "zsh");
        assertThat(code).as(arena.err.toString()).isZero();
        assertThat(arena.out.toString())
                .startsWith("# arena completion for zsh")
                .contains("bashcompinit")
                .contains("complete -F _complete_arena")
                .contains("rotate-password");
    }

    @Test
    void completionUnknownShell_exits3NamingTheAllowedValues() {
        int code = run("completion", "fish");
        assertThat(code).isEqualTo(3);
        assertThat(arena.out.toString()).isEmpty();
        assertThat(arena.err.toString()).contains("fish").contains("bash").contains("zsh");
    }
}
