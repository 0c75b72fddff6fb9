package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CompletionCommandTest {

    @Test
    void completion_printsABashScriptCoveringDiagSubcommandsAndOptions() {
        StringWriter out = new StringWriter();
        CommandLine cl = ArenaMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute("completion");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("complete -F").contains("_picocli_arena").contains("rotate-password")
                .contains("sentinels").contains("--output");
    }
}
