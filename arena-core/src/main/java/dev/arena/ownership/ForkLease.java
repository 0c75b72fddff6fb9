package dev.arena.ownership;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * What a fork task's owner writes in its lease: the task, its child and parent runs, and the owning
 * server's registry id and URL (where a cancel is forwarded). Immutable; stored as JSON.
 */
public record ForkLease(
        @JsonProperty("name") String name,
        @JsonProperty("child_run_id") String childRunId,
        @JsonProperty("parent_run_id") String parentRunId,
        @JsonProperty("at_seq") long atSeq,
        @JsonProperty("owner_id") String ownerId,
        @JsonProperty("owner_url") String ownerUrl,
        @JsonProperty("started_at") Instant startedAt) {

    public ForkLease {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(childRunId, "childRunId");
        Objects.requireNonNull(ownerId, "ownerId");
        if (!ownerId.matches("[0-9a-z-]{1,64}")) {
            throw new IllegalArgumentException("owner id must be 1-64 of [0-9a-z-], got '" + ownerId + "'");
        }
    }

    /** The reason an orphaned child run is closed with, naming the owner that went away. */
    public String orphanReason() {
        return "orphaned: owner server " + ownerId + " (" + ownerUrl + ") gone";
    }
}
