package dev.arena.diag.cli;

import dev.arena.diag.DiagContext;
import dev.arena.diag.Status;
import dev.arena.diag.cli.support.PluginOutput;
import dev.arena.diag.source.DiagSources;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * Everything one diag command needs while it runs: where to look, the opened sources, the writers,
 * the colour decision and (for confirmations) the operator's input.
 *
 * @param format      the {@code --output} format
 * @param tty         stdout is a terminal (redraws, prompts, progress)
 * @param input       operator input for typed confirmations, or null when not interactive
 */
record Invocation(
        DiagContext context,
        DiagSources sources,
        PrintWriter out,
        PrintWriter err,
        Style style,
        DiagOptions.Format format,
        Map<String, String> env,
        Clock clock,
        boolean tty,
        BufferedReader input) {

    /** {@code -o json}: one JSON object (or array) on stdout. */
    boolean json() {
        return format == DiagOptions.Format.json;
    }

    /** {@code -o nagios}: one monitoring-plugin line on stdout (only a {@link MonitoringCheck} gets here with it). */
    boolean nagios() {
        return format == DiagOptions.Format.nagios;
    }

    /** Prints the monitoring-plugin line and returns its exit code. */
    int printPlugin(PluginOutput line) {
        return line.print(out);
    }

    /** Prints a JSON object on one line. */
    void printJson(Object value) {
        out.println(JsonOutput.write(value));
        out.flush();
    }

    /** A one-line warning on stderr. */
    void warn(String message) {
        err.println(style.status(Status.WARNING, "warning: ") + message);
        err.flush();
    }
}
