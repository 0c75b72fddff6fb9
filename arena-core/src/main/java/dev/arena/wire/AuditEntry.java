package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One line of an audit log ({@code ARENA_AUDIT_LOG} on the server, diag's own log on the operator's
 * machine): who did what to which target, and how it ended.
 *
 * @param actor  {@code server-admin} on the server; the operator on diag's side
 * @param result {@code ok}, {@code not_found}, {@code failed} or {@code denied} (diag adds its own)
 * @param env    the environment label diag's log adds; the server writes none (omitted)
 */
public record AuditEntry(
        @JsonProperty("ts") Instant ts,
        @JsonProperty("action") String action,
        @JsonProperty("target") String target,
        @JsonProperty("actor") String actor,
        @JsonProperty("result") String result,
        @JsonProperty("detail") String detail,
        @JsonProperty("env") @JsonInclude(JsonInclude.Include.NON_NULL) String env) {}
