package dev.arena.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventTest {

    @Test
    void kind_mustBeDottedLowerCase() {
        assertThat(Event.of("agent.signal").kind()).isEqualTo("agent.signal");
        assertThat(Event.of("llm.call_v2").kind()).isEqualTo("llm.call_v2");
        assertThatThrownBy(() -> Event.of("Agent.Signal")).hasMessageContaining("dotted lower_case");
        assertThatThrownBy(() -> Event.of("agent..signal")).hasMessageContaining("dotted lower_case");
        assertThatThrownBy(() -> Event.of("")).hasMessageContaining("dotted lower_case");
    }

    @Test
    void payload_isFrozenAtConstruction() {
        Map<String, Object> payload = new HashMap<>(Map.of("a", 1));
        Event e = Event.of("agent.signal", payload);
        payload.put("a", 2);
        assertThat(e.payloadJson()).isEqualTo("{\"a\":1}");
    }

    @Test
    void nonObjectPayload_isWrappedAsValue() {
        assertThat(Event.of("agent.signal", List.of(1, 2)).payloadJson()).isEqualTo("{\"value\":[1,2]}");
        assertThat(Event.of("agent.signal", "text").payloadJson()).isEqualTo("{\"value\":\"text\"}");
        assertThat(Event.of("agent.signal", (Object) null).payloadJson()).isEqualTo("{}");
    }

    @Test
    void sizeFor_isTheExactUtf8SizeOfTheEnvelope() {
        Event e = Event.of("agent.signal", Map.of("text", "héllo wörld ✓")).withPhase("phase-é");
        RunId run = RunId.random();
        for (long seq :
                new long[] {0, 1, 9, 10, 99, 100, 12345, 9_876_543_210L, 999_999_999_999_999_999L, Long.MAX_VALUE}) {
            Envelope env = Envelope.of(run, seq, e, Instant.now());
            assertThat(Envelope.sizeFor(e, seq)).isEqualTo(env.toJson().getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void envelope_parseKeepsExactBytes_andRoundTripsFields() {
        Event e = Event.of("decision.emit", Map.of("choice", "b")).withCorrelationId("c-9");
        Envelope env = Envelope.of(RunId.random(), 7, e, Instant.parse("2026-11-22T06:46:21.123456789Z"));
        assertThat(env.toJson()).contains("\"ts\":\"2026-11-22T06:46:21.123456Z\"");
        Envelope back = Envelope.parse(env.toJson());
        assertThat(back.toJson()).isEqualTo(env.toJson());
        assertThat(back.seq()).isEqualTo(7);
        assertThat(back.correlationId()).isEqualTo("c-9");
        assertThat(back.toEvent().payloadJson()).isEqualTo(e.payloadJson());
    }

    @Test
    void formatTs_matchesTheIsoFormatter_withSixFractionDigits() {
        var iso = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(0, 253_402_300_799L), random.nextInt(1_000_000_000));
            assertThat(Envelope.formatTs(t)).isEqualTo(iso.format(t));
        }
        assertThat(Envelope.formatTs(Instant.parse("2026-01-02T03:04:05.000007Z")))
                .isEqualTo("2026-01-02T03:04:05.000007Z");
    }

    @Test
    void envelope_parseRejectsGarbage() {
        assertThatThrownBy(() -> Envelope.parse("{not json")).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> Envelope.parse("{\"run_id\":\"x\"}")).hasMessageContaining("run id");
    }
}
