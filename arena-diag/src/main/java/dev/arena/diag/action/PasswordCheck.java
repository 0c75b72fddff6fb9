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
     * The real check: open a fresh named connection to the one node {@code redisUrl} names (never
     * through a cluster client, so each node of a cluster is verified by itself), PING, close.
     */
    static PasswordCheck freshConnection(String clientName, Duration timeout) {
        return url -> {
            try (RedisSession s = RedisSession.openNode(url, clientName, timeout)) {
                return "PONG".equals(s.run(c -> c.ping()));
            } catch (DiagException | RedisUnavailableException e) {
                return false;
            }
        };
    }
}
