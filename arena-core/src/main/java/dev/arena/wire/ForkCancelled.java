package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /admin/forks/{name}/cancel}'s answer: the task as the server reports it after the cancel. */
public record ForkCancelled(
        @JsonProperty("name") String name,
        @JsonProperty("cancelled") boolean cancelled,
        @JsonProperty("task") ForkTaskView task) {}
