package dev.arena.diag.support;

import dev.arena.diag.cli.DiagCommand;
import dev.arena.time.Ticker;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code arena diag …} in process with captured writers, as the picocli docs recommend for tests. */
public final class DiagRun {

    /**
     * Exit code and captured output of one run. No wall time: how long a command takes is a
     * benchmark's question ({@code dev.arena.bench.TimeBudgetBench}), not a functional test's.
     */
    public record Result(int exitCode, String out, String err) {
        /** Everything the command printed. */
        public String all() {
            return out + err;
        }
    }

    private DiagRun() {}

    public static Result run(Map<String, String> env, String... args) {
        return typing(env, null, args);
    }

    /** @param typed what the operator types at a confirmation prompt (null: not a terminal) */
    public static Result typing(Map<String, String> env, String typed, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        BufferedReader in = typed == null ? null : new BufferedReader(new StringReader(typed + "\n"));
        CommandLine cl =
                DiagCommand.commandLine(new DiagCommand(env, Clock.systemUTC(), Ticker.system(), in, typed != null));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
