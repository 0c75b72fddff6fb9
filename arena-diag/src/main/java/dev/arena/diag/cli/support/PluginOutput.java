package dev.arena.diag.cli.support;

import dev.arena.diag.Status;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The one line of {@code --output nagios}: {@code ARENA <STATE> - <summary> | <perfdata>}, as the
 * monitoring-plugins development guidelines define a plugin's output, so Nagios, Icinga, Naemon,
 * Sensu or Checkmk can run a diag command as a check and graph its numbers. The exit code is the
 * state's ({@link Status#exitCode()}: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). Every command that
 * speaks nagios builds one of these; this is the only place the line is rendered. Immutable.
 *
 * @param state   the check's result
 * @param summary one human line; a {@code |} (which would start the perfdata) becomes {@code /}, line breaks spaces
 * @param perf    the performance data, in order
 */
public record PluginOutput(Status state, String summary, List<Perf> perf) {

    public PluginOutput {
        Objects.requireNonNull(state, "state");
        summary = summary == null
                ? ""
                : summary.replace('|', '/').replaceAll("[\\r\\n]+", " ").strip();
        perf = List.copyOf(perf);
    }

    /**
     * One performance datum, {@code 'label'=value[UOM];[warn];[crit];[min];[max]}.
     *
     * @param label lower_snake_case name; quoted when it holds anything but letters, digits and {@code _}
     * @param value the measured value
     * @param uom   unit: {@code ""} (a number), {@code c} (a counter that only grows), {@code ms}, {@code s}, {@code B}, {@code %}
     * @param warn  warning threshold (a range in the plugin syntax, e.g. {@code 0} means "above 0"), or null
     * @param crit  critical threshold, or null
     * @param min   lowest possible value, or null
     * @param max   highest possible value, or null
     */
    public record Perf(String label, Number value, String uom, String warn, String crit, Number min, Number max) {

        public Perf {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
            uom = uom == null ? "" : uom;
            if (!uom.matches("|c|ms|s|us|B|KB|MB|GB|TB|%")) {
                throw new IllegalArgumentException("'" + uom + "' is not a unit of the monitoring-plugins guidelines");
            }
        }

        /** A gauge (a count now), at least 0. */
        public static Perf gauge(String label, long value) {
            return new Perf(label, value, "", null, null, 0, null);
        }

        /** A counter that only grows (UOM {@code c}): monitoring systems graph its rate. */
        public static Perf counter(String label, long value) {
            return new Perf(label, value, "c", null, null, 0, null);
        }

        /** This datum with a warning threshold. */
        public Perf warn(String threshold) {
            return new Perf(label, value, uom, threshold, crit, min, max);
        }

        /** This datum with a critical threshold. */
        public Perf crit(String threshold) {
            return new Perf(label, value, uom, warn, threshold, min, max);
        }

        String render() {
            String name = label.matches("[A-Za-z0-9_]+") ? label : "'" + label.replace("'", "''") + "'";
            List<String> fields =
                    new ArrayList<>(List.of(number(value) + uom, text(warn), text(crit), number(min), number(max)));
            while (fields.size() > 1 && fields.get(fields.size() - 1).isEmpty()) {
                fields.remove(fields.size() - 1); // trailing unfilled fields may be dropped
            }
            return name + "=" + String.join(";", fields);
        }

        private static String text(String s) {
            return s == null ? "" : s;
        }

        private static String number(Number n) {
            if (n == null) {
                return "";
            }
            if (n instanceof Double || n instanceof Float) {
                double d = n.doubleValue();
                return d == Math.rint(d) && Math.abs(d) < 1e15
                        ? String.valueOf((long) d)
                        : String.format(Locale.ROOT, "%.3f", d);
            }
            return String.valueOf(n.longValue());
        }
    }

    /** The line: {@code ARENA OK - summary | a=1 b=2c}; without perfdata, no {@code |}. */
    public String render() {
        StringBuilder b =
                new StringBuilder("ARENA ").append(state.name()).append(" - ").append(summary);
        if (!perf.isEmpty()) {
            b.append(" |");
            perf.forEach(p -> b.append(' ').append(p.render()));
        }
        return b.toString();
    }

    /** Prints the line on {@code out} and returns the exit code of its state. */
    public int print(PrintWriter out) {
        out.println(render());
        out.flush();
        return state.exitCode();
    }

    /** The line for a check that could not be made (unreachable, bad input, usage): UNKNOWN, exit 3. */
    public static PluginOutput unknown(String why) {
        return new PluginOutput(Status.UNKNOWN, why, List.of());
    }

    /**
     * Whether {@code args} ask for nagios output ({@code -o nagios}, {@code --output nagios},
     * {@code --output=nagios}, {@code -onagios}); read from the raw arguments because a usage error can
     * stop parsing before the option is set.
     */
    static boolean requested(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-onagios") || a.equals("-o=nagios") || a.equals("--output=nagios")) {
                return true;
            }
            if ((a.equals("-o") || a.equals("--output"))
                    && i + 1 < args.size()
                    && args.get(i + 1).equals("nagios")) {
                return true;
            }
        }
        return false;
    }
}
