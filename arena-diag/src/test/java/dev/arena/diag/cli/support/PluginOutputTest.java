package dev.arena.diag.cli.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.diag.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The monitoring-plugin line: format, perfdata syntax, exit code. */
class PluginOutputTest {

    @Test
    void render_statePrefixSummaryAndPerfdata_perTheGuidelines() {
        PluginOutput line = new PluginOutput(
                Status.CRITICAL,
                "1 stuck fork task(s)",
                List.of(
                        PluginOutput.Perf.counter("events_published", 1234),
                        PluginOutput.Perf.gauge("fork_tasks_stuck", 1).crit("0"),
                        PluginOutput.Perf.gauge("streams dropped", 0).warn("0"),
                        new PluginOutput.Perf("scan_time", 12.5, "ms", null, null, 0, null),
                        new PluginOutput.Perf("idle", 75.0, "s", "30", "60", 0, null)));

        assertThat(line.render())
                .isEqualTo("ARENA CRITICAL - 1 stuck fork task(s) | events_published=1234c;;;0"
                        + " fork_tasks_stuck=1;;0;0 'streams dropped'=0;0;;0 scan_time=12.500ms;;;0 idle=75s;30;60;0");
    }

    @Test
    void summary_cannotStartThePerfdata_orBreakTheLine() {
        PluginOutput line = new PluginOutput(Status.OK, "a | b\nc", List.of());

        assertThat(line.render()).isEqualTo("ARENA OK - a / b c");
    }

    @Test
    void print_returnsTheStatesExitCode_andUnknownIs3() {
        StringWriter out = new StringWriter();

        int code = PluginOutput.unknown("server http://127.0.0.1:9 unreachable").print(new PrintWriter(out));

        assertThat(code).isEqualTo(3);
        assertThat(out.toString())
                .isEqualTo("ARENA UNKNOWN - server http://127.0.0.1:9 unreachable" + System.lineSeparator());
        assertThat(new PluginOutput(Status.WARNING, "w", List.of()).print(new PrintWriter(new StringWriter())))
                .isEqualTo(1);
    }

    @Test
    void perf_refusesAUnitTheGuidelinesDoNotKnow() {
        assertThatThrownBy(() -> new PluginOutput.Perf("x", 1, "events", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'events'");
    }

    @Test
    void requested_readsEverySpellingOfTheOption() {
        assertThat(PluginOutput.requested(List.of("forks", "-o", "nagios"))).isTrue();
        assertThat(PluginOutput.requested(List.of("forks", "--output=nagios"))).isTrue();
        assertThat(PluginOutput.requested(List.of("forks", "-onagios"))).isTrue();
        assertThat(PluginOutput.requested(List.of("forks", "-o", "json"))).isFalse();
    }
}
