package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code data} of the SSE {@code resumed} frame (and the body of the WebSocket {@code resumed}
 * control frame): the first frame after a reader asked for a position, saying whether the stream
 * continues exactly there.
 *
 * @param fromSeq       the seq the reader asked to continue from
 * @param resumed       true when the stream continues at {@code fromSeq} with nothing missing
 * @param reason        null when resumed; else {@value StreamOverflow#TRIMMED} (retention cut the
 *                      seq, an {@code overflow} frame follows) or {@value StreamOverflow#LOST}
 * @param availableFrom where the stream actually continues: {@code fromSeq} when resumed, the
 *                      oldest retained seq when trimmed, null when lost
 */
public record StreamResumed(
        @JsonProperty("from_seq") long fromSeq,
        @JsonProperty("resumed") boolean resumed,
        @JsonProperty("reason") @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
        @JsonProperty("available_from") @JsonInclude(JsonInclude.Include.NON_NULL) Long availableFrom) {

    /** The stream continues at {@code fromSeq}. */
    public static StreamResumed exactly(long fromSeq) {
        return new StreamResumed(fromSeq, true, null, fromSeq);
    }

    /** The stream cannot continue at {@code fromSeq}; {@code overflow} says why and from where. */
    public static StreamResumed not(long fromSeq, StreamOverflow overflow) {
        return new StreamResumed(fromSeq, false, overflow.reason(), overflow.availableFrom());
    }
}
