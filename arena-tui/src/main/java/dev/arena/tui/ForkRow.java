package dev.arena.tui;

import dev.arena.broker.RunId;
import java.time.Instant;
import java.util.List;

/**
 * A fork task as {@code /debug/forks} reports it.
 *
 * @param state        {@code running}, {@code done}, {@code failed} or {@code cancelled}
 * @param idleSeconds  seconds since the task last made progress
 * @param stuck        running and idle past {@code ARENA_FORK_STUCK_AFTER}
 * @param stack        the worker's frames, top first, while running (else empty)
 * @param error        the failure message when failed, else null
 */
public record ForkRow(String name, RunId parentRunId, RunId childRunId, String state, String stage,
                      Instant startedAt, double idleSeconds, boolean stuck, long eventsReplayed,
                      List<String> stack, String error) {

    public ForkRow {
        stack = stack == null ? List.of() : List.copyOf(stack);
    }

    public boolean running() {
        return "running".equals(state);
    }
}
