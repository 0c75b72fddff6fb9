package dev.arena.diag.action;

import dev.arena.diag.DiagException;
import dev.arena.diag.redis.RedisSession;
import dev.arena.diag.redis.RedisUnavailableException;
import java.time.Duration;

/**
 * Verifies that Redis accepts a URL's credentials on a fresh connection. A seam so a test can
 * force a failed verification and watch the rotation roll back.
 */
@FunctionalInterface
public interface PasswordCheck {

    /** True when a new connection with this URL (one node) authenticates and answers PING. */
    boolean accepts(String redisUrl);

    /**
     * Why this URL is not accepted, for the operator (never naming the password), or null when it is. A check that
     * cannot say why reports only that it was refused.
     */
    default String refusal(String redisUrl) {
        return accepts(redisUrl) ? null : "refused";
    }

    /**
     * The real check: open a fresh named connection to the one node {@code redisUrl} names (never
     * through a cluster client, so each node of a cluster is verified by itself), PING, close.
     */
    static PasswordCheck freshConnection(String clientName, Duration timeout) {
        return new PasswordCheck() {
            @Override
            public boolean accepts(String redisUrl) {
                return refusal(redisUrl) == null;
            }

            @Override
            public String refusal(String redisUrl) {
                try (RedisSession s = RedisSession.openNode(redisUrl, clientName, timeout)) {
                    String answer = s.run(c -> c.ping());
                    return "PONG".equals(answer) ? null : "PING answered " + answer;
                } catch (DiagException | RedisUnavailableException e) {
                    return e.getMessage(); // their messages carry the masked URL only
                }
            }
        };
    }
}
