package dev.arena.sim;

/**
 * What one simulated model call answered.
 *
 * @param latencyMs the simulated latency; the call really waited this long times the latency scale
 * @param error     a provider error code such as {@code rate_limited}, or null when the call succeeded
 */
public record LlmReply(
        String model, int promptTokens, int completionTokens, long latencyMs, String error, String text) {

    public boolean failed() {
        return error != null;
    }
}
