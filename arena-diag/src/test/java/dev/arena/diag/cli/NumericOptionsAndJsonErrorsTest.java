package dev.arena.diag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.support.DiagRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Numeric options validated at parse time; one JSON error object under {@code -o json}. */
class NumericOptionsAndJsonErrorsTest {

    /** Nothing listens on the discard port, so the server is down. */
    private static final String DOWN = "http://127.0.0.1:9";

    @Test
    void runsNegativeLimit_exits3NamingTheOptionAndRange() {
        DiagRun.Result r = DiagRun.run(Map.of(), "runs", "--limit", "-5", "--server", DOWN);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.out()).doesNotContain("no runs");
        assertThat(r.err())
                .contains("--limit must be between 1 and 10000, got -5")
                .doesNotContain("\tat ");
    }

    @Test
    void sentinelsMaxZero_exits3NamingTheOptionAndRange() {
        DiagRun.Result r = DiagRun.run(Map.of(), "sentinels", "--max", "0");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.out()).doesNotContain("OK");
        assertThat(r.err()).contains("--max must be at least 1, got 0");
    }

    @Test
    void metricsWatchNegativeCount_exits3InsteadOfWatchingForever() {
        DiagRun.Result r = DiagRun.run(Map.of(), "metrics", "--watch", "--count", "-1", "--server", DOWN);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err()).contains("--count must be at least 0, got -1");
    }

    @Test
    void notANumber_exits3NamingTheOption() {
        DiagRun.Result r = DiagRun.run(Map.of(), "forks", "--frames", "many");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err()).contains("--frames 'many' is not a whole number; must be at least 0");
    }

    @Test
    void streamLastAboveTheCap_exits3() {
        DiagRun.Result r = DiagRun.run(Map.of(), "stream", "3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d", "--last", "5000");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err()).contains("--last must be between 0 and 1000, got 5000");
    }

    @Test
    void serverDown_metricsJson_printsOneJsonErrorObject() throws Exception {
        assertOneJsonError(DiagRun.run(Map.of(), "metrics", "-o", "json", "--server", DOWN), "unavailable");
    }

    @Test
    void serverDown_runsJson_printsOneJsonErrorObject() throws Exception {
        assertOneJsonError(DiagRun.run(Map.of(), "runs", "--output", "json", "--server", DOWN), "unavailable");
    }

    @Test
    void serverDown_forksJson_printsOneJsonErrorObject() throws Exception {
        assertOneJsonError(DiagRun.run(Map.of(), "forks", "--output=json", "--server", DOWN), "unavailable");
    }

    @Test
    void usageErrorUnderJson_printsTheSameShapeWithUsageCode() throws Exception {
        DiagRun.Result r = DiagRun.run(Map.of(), "runs", "-o", "json", "--limit", "0");
        JsonNode error = assertOneJsonError(r, "usage");
        assertThat(error.get("detail").asText()).contains("--limit must be between 1 and 10000, got 0");
    }

    @Test
    void withoutJson_stdoutStaysEmptyOnFailure() {
        DiagRun.Result r = DiagRun.run(Map.of(), "runs", "--server", DOWN);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.out()).isEmpty();
    }

    private static JsonNode assertOneJsonError(DiagRun.Result r, String code) throws Exception {
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.out().strip().lines().count()).as(r.out()).isEqualTo(1);
        JsonNode error = new ObjectMapper().readTree(r.out());
        assertThat(error.fieldNames()).toIterable().containsExactly("error", "detail", "exit");
        assertThat(error.get("error").asText()).isEqualTo(code);
        assertThat(error.get("exit").asInt()).isEqualTo(3);
        assertThat(error.get("detail").asText()).isNotBlank();
        assertThat(r.err()).isNotBlank();
        return error;
    }
}
