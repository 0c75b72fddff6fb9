package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * {@code GET /health/live}: the process serves HTTP. Always 200 while it does; built without asking Redis or the
 * store, so it answers in milliseconds whatever they do (a load balancer's or an orchestrator's liveness probe).
 *
 * @param status always {@code live}
 */
public record Liveness(
        @JsonProperty("status") String status,
        @JsonProperty("uptime_seconds") long uptimeSeconds,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("version") String version) {}
