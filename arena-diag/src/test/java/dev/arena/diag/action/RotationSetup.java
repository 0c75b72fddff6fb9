package dev.arena.diag.action;

import dev.arena.config.ArenaConfig;
import dev.arena.diag.DiagContext;
import dev.arena.diag.source.DiagSources;
import dev.arena.testkit.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * What the password-rotation ITs share: the environment of an {@code arena diag} on a Redis backend
 * with no server, the env file it rewrites, and a live rotation run through the guarded runner.
 */
final class RotationSetup {

    private static final String PASSWORD_LINE = "REDIS_PASSWORD=";

    private RotationSetup() {}

    /** A live rotation's action (for its secrets) and how the guarded runner ended it. */
    record LiveRotation(PasswordRotation rotation, ActionOutcome outcome) {}

    /** A diag environment on the Redis at {@code redisUrl}, no server listening, auditing into {@code dir}. */
    static Map<String, String> env(String redisUrl, Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("ARENA_BROKER_BACKEND", "redis");
        env.put("REDIS_URL", redisUrl);
        env.put("ARENA_SERVER_URL", "http://127.0.0.1:" + RedisServer.freePort());
        env.put("ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString());
        return env;
    }

    /** Writes {@code dir/.env} with {@code text}, readable by all (the rotation must tighten it). */
    static Path envFile(Path dir, String text) throws Exception {
        Path envFile = dir.resolve(".env");
        Files.writeString(envFile, text);
        Files.setPosixFilePermissions(envFile, PosixFilePermissions.fromString("rw-r--r--"));
        return envFile;
    }

    /** The {@code REDIS_PASSWORD} the env file holds now. */
    static String envPassword(Path envFile) throws Exception {
        return Files.readAllLines(envFile).stream()
                .filter(l -> l.startsWith(PASSWORD_LINE))
                .findFirst()
                .orElseThrow()
                .substring(PASSWORD_LINE.length());
    }

    /** Rotates live, confirmed, verifying the new password with {@code check}; audits into {@code dir}. */
    static LiveRotation rotateLive(Map<String, String> env, Path envFile, Path dir, PasswordCheck check)
            throws Exception {
        DiagContext context = DiagContext.from(ArenaConfig.from(env), null, null, false);
        try (DiagSources sources = new DiagSources(context, "arena-cli@test:1", Clock.systemUTC())) {
            PasswordRotation rotation = new PasswordRotation(
                    new RotationRequest(RotationRequest.Mode.LIVE, envFile, false, null, null),
                    sources,
                    check,
                    CommandRunner.processes(),
                    new SecureRandom());
            GuardedRunner runner =
                    new GuardedRunner(new AuditLog(dir.resolve("audit.jsonl")), false, "test", null, Clock.systemUTC());
            return new LiveRotation(rotation, runner.run(rotation, Confirmation.yes(), false));
        }
    }
}
