package dev.arena.diag.cli;

import dev.arena.diag.DiagContext;
import dev.arena.diag.DiagSources;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * Everything one diag command needs while it runs: where to look, the opened sources, the writers,
 * the colour decision and (for confirmations) the operator's input.
 *
 * @param tty         stdout is a terminal (redraws, prompts, progress)
 * @param input       operator input for typed confirmations, or null when not interactive
 */
record Invocation(DiagContext context, DiagSources sources, PrintWriter out, PrintWriter err, Style style, boolean json,
                  Map<String, String> env, Clock clock, boolean tty, BufferedReader input) {

    /** Prints a JSON object on one line. */
    void printJson(Object value) {
        out.println(JsonOutput.write(value));
        out.flush();
    }

    /** A one-line warning on stderr. */
    void warn(String message) {
        err.println(style.status(dev.arena.diag.Status.WARNING, "warning: ") + message);
        err.flush();
    }
}
