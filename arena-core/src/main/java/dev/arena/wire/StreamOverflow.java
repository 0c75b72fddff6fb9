package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code data} of the SSE {@code overflow} frame: the requested seq cannot be served, and why.
 *
 * @param availableFrom the oldest seq still retained, where a client resumes; {@code null} when
 *                      {@code reason} is {@code lost} (nothing of the run is left to resume from)
 * @param requested     the seq the client asked for or fell behind to
 * @param reason        {@value #TRIMMED}: retention cut history that existed, resume at
 *                      {@code available_from}; {@value #LOST}: the run's events vanished from the
 *                      backend while it was open (Redis restarted without persistence, was
 *                      flushed or evicted them), so the seq will never exist
 */
public record StreamOverflow(
        @JsonProperty("available_from") Long availableFrom,
        @JsonProperty("requested") long requested,
        @JsonProperty("reason") String reason) {

    public static final String TRIMMED = "trimmed";
    public static final String LOST = "lost";

    /** Retention cut history that existed; the client resumes at {@code availableFrom}. */
    public static StreamOverflow trimmed(long availableFrom, long requested) {
        return new StreamOverflow(availableFrom, requested, TRIMMED);
    }

    /** The run's events vanished while it was open: nothing to resume from. */
    public static StreamOverflow lost(long requested) {
        return new StreamOverflow(null, requested, LOST);
    }
}
