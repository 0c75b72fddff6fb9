package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of every non-2xx answer but 204.
 *
 * @param error  a stable machine code such as {@code not_found}
 * @param detail for humans; may change
 */
public record ErrorBody(@JsonProperty("error") String error, @JsonProperty("detail") String detail) {}
