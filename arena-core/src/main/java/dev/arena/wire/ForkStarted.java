package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /forks}'s 202 answer: the child run the fork writes, the task's name and its first snapshot. */
public record ForkStarted(
        @JsonProperty("child_run_id") String childRunId,
        @JsonProperty("name") String name,
        @JsonProperty("task") ForkTaskView task) {}
