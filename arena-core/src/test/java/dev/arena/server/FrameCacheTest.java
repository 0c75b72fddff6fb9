package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameCacheTest {

    static final Instant TS = Instant.parse("2026-11-22T06:46:21.123456Z");

    @Test
    void frame_isTheSseFormOfTheEnvelope_sharedByEveryCaller() {
        FrameCache cache = new FrameCache(16);
        Envelope e = Envelope.of(RunId.random(), 7, Event.of("agent.signal", Map.of("x", 1)), TS);
        byte[] first = cache.frame(e);
        assertThat(new String(first, StandardCharsets.UTF_8))
                .isEqualTo("id: 7\nevent: agent.signal\ndata: " + e.toJson() + "\n\n");
        assertThat(cache.frame(e)).isSameAs(first);
        assertThat(cache.frame(Envelope.parse(e.toJson()))).isSameAs(first);
    }

    @Test
    void webSocketFrame_isExactlyTheEnvelopeSseSendsAsData_sharedByEveryCaller() {
        FrameCache cache = FrameCache.webSocket(16);
        Envelope e = Envelope.of(RunId.random(), 7, Event.of("agent.signal", Map.of("text", "é ✓")), TS);
        byte[] first = cache.frame(e);
        assertThat(first).isEqualTo(e.toJson().getBytes(StandardCharsets.UTF_8));
        assertThat(cache.frame(e)).isSameAs(first);
        assertThat(cache.frame(Envelope.parse(e.toJson()))).isSameAs(first);
    }

    @Test
    void sameSlot_otherRunOrContent_neverGetsAStaleFrame() {
        FrameCache cache = new FrameCache(1);
        RunId run = RunId.random();
        Envelope a = Envelope.of(run, 3, Event.of("agent.signal", Map.of("v", "a")), TS);
        Envelope b = Envelope.of(run, 3, Event.of("agent.signal", Map.of("v", "b")), TS);
        Envelope other = Envelope.of(RunId.random(), 3, Event.of("agent.signal", Map.of("v", "a")), TS);
        assertThat(new String(cache.frame(a), StandardCharsets.UTF_8)).contains("\"v\":\"a\"");
        assertThat(new String(cache.frame(b), StandardCharsets.UTF_8)).contains("\"v\":\"b\"");
        assertThat(new String(cache.frame(other), StandardCharsets.UTF_8))
                .contains(other.runId().value());
    }
}
