package dev.arena.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.arena.json.Json;
import dev.arena.wire.WireTime;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written envelope is exactly what the shared Jackson mapper's generator writes for the same fields. */
class EnvelopeJsonTest {

    private static final RunId RUN = RunId.parse("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d");
    private static final Instant TS = Instant.parse("2026-12-06T01:02:03.456789Z");

    @Test
    void everyCharacter_isEscapedAsJacksonEscapesIt() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            all.append(c);
            if (all.length() == 512) {
                assertSameAsJackson(all.toString());
                all.setLength(0);
            }
        }
        assertSameAsJackson(all.toString());
    }

    @Test
    void escapesAtTheEdgesAndBetweenPlainText_andSurrogatePairs_matchJackson() {
        for (String s : new String[] {
            "",
            "\"",
            "\\",
            "a\"b\\c",
            "\n",
            "tab\there",
            "\u0000\u001f\u007f",
            "end\r",
            "\u2028\u2029",
            "é✓😀",
            "\ud800x",
            "x\udc00",
            "/slash/"
        }) {
            assertSameAsJackson(s);
        }
    }

    @Test
    void randomStrings_matchJackson() {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            char[] c = new char[random.nextInt(40)];
            for (int j = 0; j < c.length; j++) {
                c[j] = switch (random.nextInt(4)) {
                    case 0 -> (char) random.nextInt(0x20);
                    case 1 -> (char) random.nextInt(0x80);
                    case 2 -> "\"\\/".charAt(random.nextInt(3));
                    default -> (char) random.nextInt(Character.MAX_VALUE);
                };
            }
            assertSameAsJackson(new String(c));
        }
    }

    @Test
    void wholeEnvelopes_withAndWithoutTheOptionalFields_matchJackson() {
        String payload =
                Event.of("agent.signal", Map.of("text", "\"q\" é\n", "n", 7)).payloadJson();
        for (long seq : new long[] {0, 1, 9, 10, 12_345, Long.MAX_VALUE}) {
            for (String phase : new String[] {null, "analysis", "ph\u0001ase"}) {
                for (String correlationId : new String[] {null, "c-9", "c\"9"}) {
                    assertThat(EnvelopeJson.write(RUN, seq, "agent.signal", TS, phase, correlationId, payload))
                            .isEqualTo(jackson(RUN, seq, "agent.signal", TS, phase, correlationId, payload));
                }
            }
        }
    }

    @Test
    void headSeqAndTail_areTheWholeEnvelope_inUtf8Too() {
        Event event = Event.of("agent.signal", Map.of("text", "héllo ✓ 😀")).withPhase("é");
        for (long seq : new long[] {1, 99, 1_000_000_007L}) {
            String whole = Envelope.headFor(RUN) + seq + Envelope.tailFor(event, TS);
            assertThat(whole).isEqualTo(Envelope.of(RUN, seq, event, TS).toJson());
            assertThat(whole.getBytes(StandardCharsets.UTF_8)).hasSize(Envelope.sizeFor(event, seq));
        }
    }

    private static void assertSameAsJackson(String s) {
        assertThat(EnvelopeJson.write(RUN, 1, s, TS, s, s, "{}"))
                .as("escaping of %s", s.chars().mapToObj(Integer::toHexString).toList())
                .isEqualTo(jackson(RUN, 1, s, TS, s, s, "{}"));
    }

    /** The envelope as Jackson's generator wrote it before the hand-written one replaced it. */
    private static String jackson(
            RunId runId, long seq, String kind, Instant ts, String phase, String correlationId, String payloadJson) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("schema_version", Envelope.SCHEMA_VERSION);
            g.writeStringField("run_id", runId.value());
            g.writeNumberField("seq", seq);
            g.writeStringField("kind", kind);
            g.writeStringField("ts", WireTime.format(ts));
            if (phase != null) {
                g.writeStringField("phase", phase);
            }
            if (correlationId != null) {
                g.writeStringField("correlation_id", correlationId);
            }
            g.writeFieldName("payload");
            g.writeRawValue(payloadJson);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
