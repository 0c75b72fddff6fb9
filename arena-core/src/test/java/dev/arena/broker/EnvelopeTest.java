package dev.arena.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static final RunId RUN = RunId.parse("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d");
    private static final Instant TS = Instant.parse("2026-12-06T01:02:03.456789Z");

    @Test
    void parse_ofWhatEveryBackendWrites_givesBackAnEqualEnvelope_withTheSameText() {
        Envelope written = Envelope.of(
                RUN,
                42,
                Event.of("agent.signal", Map.of("agent", "a-1", "step", 7, "nested", Map.of("x", 1.5)))
                        .withPhase("analysis")
                        .withCorrelationId("c-9"),
                TS);

        Envelope read = Envelope.parse(written.toJson());

        assertThat(read).isEqualTo(written);
        assertThat(read.toJson()).isEqualTo(written.toJson());
        assertThat(read.runId()).isEqualTo(RUN);
        assertThat(read.seq()).isEqualTo(42);
        assertThat(read.kind()).isEqualTo("agent.signal");
        assertThat(read.ts()).isEqualTo(TS);
        assertThat(read.phase()).isEqualTo("analysis");
        assertThat(read.correlationId()).isEqualTo("c-9");
        assertThat(read.payloadJson()).isEqualTo(written.payloadJson());
        assertThat(read.toEvent().payloadJson()).isEqualTo(written.toEvent().payloadJson());
    }

    @Test
    void parse_ofAnotherSpelling_readsTheSameFields_andGivesThePayloadInCanonicalForm() {
        String spaced = "{ \"payload\" : { \"b\" : [ 1, 2 ] , \"a\" : 1.50 },\n \"extra\": {\"ignored\": [true]},"
                + " \"seq\": 7, \"kind\": \"run.complete\", \"phase\": null,"
                + " \"ts\": \"2026-12-06T01:02:03Z\", \"run_id\": \"" + RUN + "\", \"schema_version\": \"1\" }";

        Envelope read = Envelope.parse(spaced);

        assertThat(read.seq()).isEqualTo(7);
        assertThat(read.isTerminal()).isTrue();
        assertThat(read.phase()).isNull();
        assertThat(read.correlationId()).isNull();
        assertThat(read.ts()).isEqualTo(Instant.parse("2026-12-06T01:02:03Z"));
        assertThat(read.payloadJson()).isEqualTo("{\"b\":[1,2],\"a\":1.5}");
        assertThat(read.toJson()).isEqualTo(spaced);
    }

    @Test
    void parse_ofANullOrMissingPayload_givesAnEmptyObject() {
        String base =
                "{\"run_id\":\"" + RUN + "\",\"seq\":1,\"kind\":\"run.start\",\"ts\":\"2026-12-06T01:02:03.000000Z\"";

        assertThat(Envelope.parse(base + ",\"payload\":null}").payloadJson()).isEqualTo("{}");
        assertThat(Envelope.parse(base + "}").payloadJson()).isEqualTo("{}");
    }

    @Test
    void parse_ofMalformedText_namesWhatIsWrong() {
        String ts = ",\"ts\":\"2026-12-06T01:02:03.000000Z\"}";

        assertThatThrownBy(() -> Envelope.parse("{\"seq\":1,\"kind\":\"run.start\"" + ts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run_id");
        assertThatThrownBy(
                        () -> Envelope.parse("{\"run_id\":\"" + RUN + "\",\"seq\":\"one\",\"kind\":\"run.start\"" + ts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("integer seq");
        assertThatThrownBy(() -> Envelope.parse("{\"run_id\":\"NOT-A-RUN\",\"seq\":1,\"kind\":\"run.start\"" + ts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid run id");
        assertThatThrownBy(() -> Envelope.parse("{\"run_id\":\"" + RUN + "\",\"seq\":1,\"kind\":\"run.start\","))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed JSON");
    }
}
