package dev.arena.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /health/ready}: whether the server can do its job, dependency by dependency ({@code broker},
 * {@code store}, {@code registry}). {@code ready} (200) when every used one answers; {@code degraded} (200: live
 * streams still flow) when only the store or the registry does not; {@code unavailable} (503: send traffic elsewhere)
 * when the broker does not. Each check is cached briefly and bounded, so the answer is quick however slow a
 * dependency is.
 *
 * @param dependencies each dependency's last check
 */
public record Readiness(
        @JsonProperty("status") ReadinessStatus status, @JsonProperty("dependencies") Dependencies dependencies) {

    /** The HTTP status this answer goes out with. */
    @JsonIgnore
    public int httpStatus() {
        return status == ReadinessStatus.UNAVAILABLE ? 503 : 200;
    }

    /** The three dependencies a server has. */
    public record Dependencies(
            @JsonProperty("broker") Dependency broker,
            @JsonProperty("store") Dependency store,
            @JsonProperty("registry") Dependency registry) {

        /** Whether any of them is down. */
        @JsonIgnore
        public boolean anyDown() {
            return broker.down() || store.down() || registry.down();
        }
    }

    /**
     * One dependency's last check.
     *
     * @param status    {@code ok}, {@code down}, or {@code not_used} (the registry on the in-process backend)
     * @param detail    what answered, or what failed and what to check (masked); omitted when there is nothing to say
     * @param checkedMsAgo how old the check is (checks are cached for about a second)
     */
    public record Dependency(
            @JsonProperty("status") DependencyStatus status,
            @JsonProperty("detail") @JsonInclude(JsonInclude.Include.NON_NULL) String detail,
            @JsonProperty("checked_ms_ago") long checkedMsAgo) {

        @JsonIgnore
        public boolean down() {
            return status == DependencyStatus.DOWN;
        }
    }
}
