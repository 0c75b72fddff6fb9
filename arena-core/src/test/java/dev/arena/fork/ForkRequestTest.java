package dev.arena.fork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.RunId;
import dev.arena.error.InputException;
import dev.arena.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForkRequestTest {

    private static final String PARENT = "3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d";

    private static ForkRequest parse(String json) {
        return ForkRequest.fromJson(Json.parse(json));
    }

    @Test
    void minimalRequest_forksAtTheLatestSeq_withoutScenario() {
        ForkRequest request = parse("{\"parent_run_id\":\"" + PARENT + "\"}");
        assertThat(request.parentRunId()).isEqualTo(RunId.parse(PARENT));
        assertThat(request.atSeq()).isNull();
        assertThat(request.scenario()).isNull();
    }

    @Test
    void fullRequest_carriesAtSeqAndScenario() {
        ForkRequest stall =
                parse("{\"parent_run_id\":\"" + PARENT + "\",\"at_seq\":20,\"scenario\":{\"stall_at_seq\":30}}");
        assertThat(stall.atSeq()).isEqualTo(20L);
        assertThat(stall.scenario()).isEqualTo(FaultScenario.stallAt(30));
        ForkRequest fail = parse("{\"parent_run_id\":\"" + PARENT + "\",\"scenario\":{\"fail_at_seq\":5}}");
        assertThat(fail.scenario()).isEqualTo(FaultScenario.failAt(5));
        assertThat(fail.scenario().toJson()).containsEntry("fail_at_seq", 5L);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "[]                                                        | request body must be a JSON object",
                "\"text\"                                                  | request body must be a JSON object",
                "{}                                                        | parent_run_id is required",
                "{\"parent_run_id\":null}                                  | parent_run_id is required",
                "{\"parent_run_id\":42}                                    | parent_run_id must be a string",
                "{\"parent_run_id\":\"abc\"}                               | parent_run_id: invalid run id 'abc'",
                "{\"parent_run_id\":\"3F2B8C1E-9A4D-4E7B-8C21-5D6F7A8B9C0D\"} | parent_run_id: invalid run id",
                "{\"parent_run_id\":\"P\",\"at_seq\":0}                    | at_seq must be a positive integer, got 0",
                "{\"parent_run_id\":\"P\",\"at_seq\":-3}                   | at_seq must be a positive integer, got -3",
                "{\"parent_run_id\":\"P\",\"at_seq\":2.5}                  | at_seq must be a positive integer, got 2.5",
                "{\"parent_run_id\":\"P\",\"at_seq\":\"7\"}                | at_seq must be a positive integer, got \"7\"",
                "{\"parent_run_id\":\"P\",\"at_seq\":99999999999999999999} | at_seq must be a positive integer",
                "{\"parent_run_id\":\"P\",\"at_sequence\":3}               | unknown field at_sequence: allowed are at_seq, parent_run_id, scenario",
                "{\"parent_run_id\":\"P\",\"scenario\":\"stall\"}          | scenario must be an object",
                "{\"parent_run_id\":\"P\",\"scenario\":{}}                 | scenario takes exactly one of scenario.stall_at_seq or scenario.fail_at_seq, got neither",
                "{\"parent_run_id\":\"P\",\"scenario\":{\"stall_at_seq\":3,\"fail_at_seq\":4}} | got both",
                "{\"parent_run_id\":\"P\",\"scenario\":{\"stall_at\":3}}   | unknown field scenario.stall_at: allowed are scenario.fail_at_seq, scenario.stall_at_seq",
                "{\"parent_run_id\":\"P\",\"scenario\":{\"fail_at_seq\":0}} | scenario.fail_at_seq must be a positive integer, got 0",
                "{\"parent_run_id\":\"P\",\"scenario\":{\"stall_at_seq\":true}} | scenario.stall_at_seq must be a positive integer, got true",
            })
    void badInput_isRejected_namingTheField(String json, String message) {
        String body = json.replace("\"P\"", "\"" + PARENT + "\"");
        assertThatThrownBy(() -> parse(body)).isInstanceOf(InputException.class).hasMessageContaining(message);
    }

    @Test
    void nullBody_isRejected() {
        assertThatThrownBy(() -> ForkRequest.fromJson(null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("JSON object");
    }
}
