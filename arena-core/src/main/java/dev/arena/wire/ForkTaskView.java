package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one fork task, exactly as {@code GET /debug/forks} returns it (docs/api.md,
 * "ForkTask"). Its timestamps are written as {@link Instant#toString()} (milliseconds), unlike the
 * six-digit run timestamps. Immutable.
 *
 * @param stage          {@code queued}, {@code loading-parent}, {@code replaying}, {@code continuing},
 *                       {@code persisting}, {@code done}; a failed or cancelled task keeps the stage it was in
 * @param idleSeconds    seconds since the last progress, by the server's clock
 * @param stuck          {@code liveness} is {@code stuck}
 * @param liveness       running tasks: progressing, slow or stuck, judged from the worker's stack ({@link ForkLiveness}); null once ended
 * @param stackUnchangedSeconds how long the samples since the last progress have shown the same stack, or null
 *                       when fewer than two samples showed it
 * @param eventsReplayed parent events re-published into the child so far
 * @param atSeq          the parent seq the child was forked at
 * @param stack          the worker thread's frames, top first, while running on a worker; else empty
 * @param error          why the task failed, else null
 * @param ownerId        the registry id of the server running the task (null from servers without a registry)
 * @param ownerUrl       where that server is reached; a cancel sent to any server is forwarded there
 * @param orphaned       true for a task known only from its lease whose owner is gone (expired and no longer
 *                       registered): its child run is about to be closed as {@code run.error} by a surviving server
 */
@JsonPropertyOrder({
    "name",
    "parent_run_id",
    "child_run_id",
    "state",
    "stage",
    "started_at",
    "last_progress_at",
    "idle_seconds",
    "stuck",
    "liveness",
    "stack_unchanged_seconds",
    "events_replayed",
    "at_seq",
    "stack",
    "error",
    "owner_id",
    "owner_url",
    "orphaned"
})
public record ForkTaskView(
        @JsonProperty("name") String name,
        @JsonProperty("parent_run_id") String parentRunId,
        @JsonProperty("child_run_id") String childRunId,
        @JsonProperty("state") ForkState state,
        @JsonProperty("stage") String stage,
        @JsonProperty("started_at") @JsonSerialize(using = ToStringSerializer.class) Instant startedAt,
        @JsonProperty("last_progress_at") @JsonSerialize(using = ToStringSerializer.class) Instant lastProgressAt,
        @JsonProperty("idle_seconds") double idleSeconds,
        @JsonProperty("stuck") boolean stuck,
        @JsonProperty("liveness") ForkLiveness liveness,
        @JsonProperty("stack_unchanged_seconds") Double stackUnchangedSeconds,
        @JsonProperty("events_replayed") long eventsReplayed,
        @JsonProperty("at_seq") long atSeq,
        @JsonProperty("stack") List<String> stack,
        @JsonProperty("error") String error,
        @JsonProperty("owner_id") String ownerId,
        @JsonProperty("owner_url") String ownerUrl,
        @JsonProperty("orphaned") boolean orphaned) {

    public ForkTaskView {
        stack = stack == null ? List.of() : List.copyOf(stack);
    }

    /** A view with no owner named (a single server, or one built by hand). */
    public ForkTaskView(
            String name,
            String parentRunId,
            String childRunId,
            ForkState state,
            String stage,
            Instant startedAt,
            Instant lastProgressAt,
            double idleSeconds,
            boolean stuck,
            ForkLiveness liveness,
            Double stackUnchangedSeconds,
            long eventsReplayed,
            long atSeq,
            List<String> stack,
            String error) {
        this(
                name,
                parentRunId,
                childRunId,
                state,
                stage,
                startedAt,
                lastProgressAt,
                idleSeconds,
                stuck,
                liveness,
                stackUnchangedSeconds,
                eventsReplayed,
                atSeq,
                stack,
                error,
                null,
                null,
                false);
    }

    /** This view naming the server that runs the task. */
    public ForkTaskView ownedBy(String id, String url) {
        return new ForkTaskView(
                name,
                parentRunId,
                childRunId,
                state,
                stage,
                startedAt,
                lastProgressAt,
                idleSeconds,
                stuck,
                liveness,
                stackUnchangedSeconds,
                eventsReplayed,
                atSeq,
                stack,
                error,
                id,
                url,
                orphaned);
    }

    /**
     * A view without stack samples (clients building one by hand, older servers): liveness {@code stuck} when
     * {@code stuck}, {@code progressing} while running otherwise.
     */
    public ForkTaskView(
            String name,
            String parentRunId,
            String childRunId,
            ForkState state,
            String stage,
            Instant startedAt,
            Instant lastProgressAt,
            double idleSeconds,
            boolean stuck,
            long eventsReplayed,
            long atSeq,
            List<String> stack,
            String error) {
        this(
                name,
                parentRunId,
                childRunId,
                state,
                stage,
                startedAt,
                lastProgressAt,
                idleSeconds,
                stuck,
                state != ForkState.RUNNING ? null : stuck ? ForkLiveness.STUCK : ForkLiveness.PROGRESSING,
                null,
                eventsReplayed,
                atSeq,
                stack,
                error);
    }

    /** True while the task is running and idle past the stuck-after with its stack moving (not parked). */
    @JsonIgnore
    public boolean slow() {
        return liveness == ForkLiveness.SLOW;
    }

    /** True while the task has not ended. */
    @JsonIgnore
    public boolean isRunning() {
        return state == ForkState.RUNNING;
    }
}
