package dev.arena.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code data} of the SSE {@code overflow} frame: the requested seq is no longer retained.
 *
 * @param availableFrom the oldest seq still retained, where a client resumes
 * @param requested     the seq the client asked for or fell behind to
 */
public record StreamOverflow(
        @JsonProperty("available_from") long availableFrom,
        @JsonProperty("requested") long requested) {
}
