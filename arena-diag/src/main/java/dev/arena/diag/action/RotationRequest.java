package dev.arena.diag.action;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code rotate-password} was asked to do.
 *
 * @param mode           LIVE (ACL, no downtime) or COMPOSE (recreate the compose Redis)
 * @param envFile        the env file holding REDIS_PASSWORD (rewritten atomically, mode 0600)
 * @param finish         remove every password but the env file's (second phase of LIVE)
 * @param grace          LIVE: wait this long after adding the new password, then finish; null = don't
 * @param composeCommand COMPOSE: the recreate command, e.g. {@code docker compose up -d --force-recreate redis}
 */
public record RotationRequest(Mode mode, Path envFile, boolean finish, Duration grace, List<String> composeCommand) {

    /** The two rotation paths (docs/diag.md, {@code rotate-password}). */
    public enum Mode {
        LIVE,
        COMPOSE
    }

    /** The runbook's recreate command. */
    public static final List<String> DEFAULT_COMPOSE_COMMAND =
            List.of("docker", "compose", "up", "-d", "--force-recreate", "redis");

    public RotationRequest {
        composeCommand = composeCommand == null ? DEFAULT_COMPOSE_COMMAND : List.copyOf(composeCommand);
    }
}
