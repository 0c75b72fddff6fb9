package dev.arena.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The real {@code arena} command tree with stdout and stderr captured, for tests that run it in-process. */
final class CapturedArena {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cl = ArenaMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }
}
