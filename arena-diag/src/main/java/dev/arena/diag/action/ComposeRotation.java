package dev.arena.diag.action;

import dev.arena.config.RedisUrl;
import dev.arena.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compose rotation, the runbook's recreate path: write the new password to the env file, recreate
 * the Redis container (which re-reads {@code REDIS_PASSWORD} into its requirepass at start), verify AUTH, then
 * every client must restart. The old password stops working at the recreate. On a failed recreate
 * or verification the env file is restored (and Redis recreated again with it).
 */
final class ComposeRotation {

    private static final Duration RECREATE_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration VERIFY_FOR = Duration.ofSeconds(30);
    private static final Duration RETRY_EVERY = Duration.ofMillis(500);

    private final PasswordRotation r;

    ComposeRotation(PasswordRotation r) {
        this.r = r;
    }

    static ActionPreview preview(RotationRequest req, List<String> facts, Map<String, Object> data, EnvFile env) {
        String file = req.envFile().toString();
        String recreate = String.join(" ", req.composeCommand());
        String blocker =
                env.exists() ? null : "env file " + file + " does not exist: compose reads REDIS_PASSWORD from it";
        if (req.finish() || req.grace() != null) {
            blocker = "--finish and --grace belong to live mode: compose mode replaces the password in one recreate";
        }
        data.put("recreate", recreate);
        List<String> steps = List.of(
                "generate a new password (24 random bytes, URL-safe, never printed)",
                "rewrite " + file + " with REDIS_PASSWORD=NEW atomically, mode 0600",
                "run: " + recreate + " — recreates only Redis; the OLD PASSWORD STOPS WORKING NOW",
                "verify AUTH with NEW (retrying up to " + VERIFY_FOR.toSeconds() + "s while the container starts)",
                "on failure: restore the env file and recreate again with the old password",
                "restart every process connected to Redis (arena server, producers); they read the env file at start");
        List<String> commands = List.of(
                "NEW=$(openssl rand -base64 24 | tr '+/' '-_' | tr -d '=')",
                "sed -i \"s/^REDIS_PASSWORD=.*/REDIS_PASSWORD=$NEW/\" " + file + " && chmod 600 " + file,
                recreate,
                "REDISCLI_AUTH=\"$NEW\" redis-cli PING");
        return new ActionPreview("rotate-password", "redis (compose)", "rotate", facts, steps, commands, blocker, data);
    }

    ActionReport execute() {
        String original = r.env().read();
        r.env().value("REDIS_PASSWORD").ifPresent(r::addSecret);
        String fresh = r.newPassword();
        List<String> checks = new ArrayList<>();
        r.env().writeAtomically(EnvFile.withRedisPassword(original, fresh));
        checks.add("env file " + r.request().envFile() + ": REDIS_PASSWORD=NEW, mode "
                + r.env().mode());
        CommandRunner.Result recreate = r.runner().run(r.request().composeCommand(), RECREATE_TIMEOUT);
        if (recreate.exitCode() != 0) {
            r.env().writeAtomically(original);
            checks.add("recreate exited " + recreate.exitCode() + ": "
                    + recreate.output().strip());
            checks.add("rolled back: env file restored (Redis was not recreated)");
            return new ActionReport(false, true, "recreate failed: env file restored", checks);
        }
        checks.add("recreated: " + String.join(" ", r.request().composeCommand()));
        String freshUrl = RedisUrl.parse(r.sources().context().redisUrl()).withPassword(fresh);
        Ticker ticker = r.sources().ticker();
        long deadline = ticker.nanos() + VERIFY_FOR.toNanos();
        boolean ok = false;
        while (!ok && ticker.nanos() - deadline < 0) {
            ok = r.check().accepts(freshUrl);
            if (!ok && !ticker.pause(RETRY_EVERY)) {
                break; // interrupted: verification failed, roll back
            }
        }
        if (!ok) {
            r.env().writeAtomically(original);
            CommandRunner.Result back = r.runner().run(r.request().composeCommand(), RECREATE_TIMEOUT);
            checks.add("AUTH with NEW: FAILED for " + VERIFY_FOR.toSeconds() + "s");
            checks.add("rolled back: env file restored, Redis recreated again (exit " + back.exitCode() + ")");
            return new ActionReport(false, true, "verification failed: rolled back to the old password", checks);
        }
        checks.add("AUTH with NEW on a fresh connection: OK");
        checks.add("now restart every process connected to Redis: they still hold the old password");
        return new ActionReport(
                true, false, "password rotated by recreate; restart the arena server and producers", checks);
    }
}
