package dev.arena.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeTemplateTest {

    @Test
    void prefixSeqAndSuffix_reassembleTheExactEnvelopeBytes_forAnySeq() {
        RunId run = RunId.random();
        Instant ts = Instant.parse("2026-11-22T06:46:21.123456789Z");
        Event event = Event.of("agent.signal", Map.of("text", "\"quoted\" \u00e9", "n", 7))
                .withPhase("analysis")
                .withCorrelationId("c");
        String suffix = EnvelopeTemplate.suffix(event, ts);
        assertThat(suffix).startsWith(",\"kind\":\"agent.signal\"");
        for (long seq : new long[] {1, 9, 10, 12345, 99_999_999_999L}) {
            assertThat(EnvelopeTemplate.prefix(run) + seq + suffix)
                    .isEqualTo(Envelope.of(run, seq, event, ts).toJson());
        }
    }

    @Test
    void publishScriptShaIsTheSha1OfItsSource() {
        PublishScript script = PublishScript.load();
        assertThat(script.sha).hasSize(40).matches("[0-9a-f]+");
        assertThat(script.source).contains("ARENA_CLOSED").contains("XADD");
        assertThat(PublishScript.isNoScript(
                        new RuntimeException("wrapped", new RuntimeException("NOSCRIPT No matching script"))))
                .isTrue();
        assertThat(PublishScript.isNoScript(new RuntimeException("ERR something else")))
                .isFalse();
    }
}
