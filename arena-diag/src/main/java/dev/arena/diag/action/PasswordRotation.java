package dev.arena.diag.action;

import dev.arena.config.RedisUrl;
import dev.arena.diag.DiagException;
import dev.arena.diag.redis.ClientInfo;
import dev.arena.diag.redis.RedisSession;
import dev.arena.diag.redis.RedisUnavailableException;
import dev.arena.diag.source.DiagSources;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Redis password rotation as a guarded action (docs/design.md, "Guarded actions").
 *
 * <p>Live mode never leaves a moment without a working password: add the new password beside the
 * old (ACL), verify it on a fresh connection, rewrite the env file (atomic, 0600), list the arena
 * clients still on old connections, and remove the old password only on {@code --finish} or after
 * the grace. Compose mode follows the runbook's recreate path. Any failed verification rolls back
 * what was changed. Passwords appear in no message: they are placeholders in previews and
 * {@link #secrets()} scrubs them from everything else.
 */
public final class PasswordRotation implements GuardedAction {

    private final RotationRequest request;
    private final DiagSources sources;
    private final PasswordCheck check;
    private final CommandRunner runner;
    private final SecureRandom random;
    private final EnvFile env;
    private final List<String> secrets = new ArrayList<>();

    public PasswordRotation(
            RotationRequest request,
            DiagSources sources,
            PasswordCheck check,
            CommandRunner runner,
            SecureRandom random) {
        this.request = request;
        this.sources = sources;
        this.check = check;
        this.runner = runner;
        this.random = random;
        this.env = new EnvFile(request.envFile());
        String current = RedisUrl.passwordOf(sources.context().redisUrl());
        if (current != null) {
            secrets.add(current);
        }
        env.value("REDIS_PASSWORD").filter(p -> !p.isEmpty()).ifPresent(secrets::add);
    }

    /** A strong password: 24 random bytes, URL-safe Base64 without padding (no '=', '+' or '/'). */
    public static String generatePassword(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String name() {
        return request.finish() ? "rotate-password-finish" : "rotate-password";
    }

    @Override
    public String target() {
        return "redis " + RedisUrl.endpointOf(sources.context().redisUrl());
    }

    @Override
    public String confirmPrefix() {
        return "rotate";
    }

    @Override
    public List<String> secrets() {
        return List.copyOf(secrets);
    }

    @Override
    public ActionPreview preview() {
        List<String> facts = new ArrayList<>();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mode", request.mode().name().toLowerCase(Locale.ROOT));
        data.put("env_file", request.envFile().toString());
        data.put("finish", request.finish());
        facts.add("redis: " + sources.context().maskedRedisUrl());
        facts.add("env file: " + request.envFile()
                + (env.exists()
                        ? " (mode " + env.mode() + ", REDIS_PASSWORD "
                                + (env.value("REDIS_PASSWORD").isPresent() ? "set" : "absent") + ")"
                        : " (does not exist yet)"));
        return switch (request.mode()) {
            case COMPOSE -> ComposeRotation.preview(request, facts, data, env);
            case LIVE ->
                request.finish()
                        ? LiveRotation.previewFinish(this, facts, data)
                        : LiveRotation.previewStart(this, facts, data);
        };
    }

    @Override
    public ActionReport execute(ActionPreview preview) {
        return switch (request.mode()) {
            case COMPOSE -> new ComposeRotation(this).execute();
            case LIVE -> request.finish() ? new LiveRotation(this).finish(null) : new LiveRotation(this).start();
        };
    }

    // --- shared with the mode classes of this package ---

    RotationRequest request() {
        return request;
    }

    DiagSources sources() {
        return sources;
    }

    PasswordCheck check() {
        return check;
    }

    CommandRunner runner() {
        return runner;
    }

    EnvFile env() {
        return env;
    }

    /** A new password, registered as a secret before it is used anywhere. */
    String newPassword() {
        String p = generatePassword(random);
        secrets.add(p);
        return p;
    }

    void addSecret(String s) {
        if (s != null && !secrets.contains(s)) {
            secrets.add(s);
        }
    }

    RedisSession open(String url) {
        return RedisSession.open(url, sources.clientName(), sources.context().timeout());
    }

    /**
     * Names of arena clients connected now (on a cluster: to any node, each naming its node), e.g.
     * {@code arena-server@host:42 (127.0.0.1:50412, connected 3600s)}.
     */
    List<String> arenaClients() {
        try {
            List<ClientInfo> all = sources.redis().clients();
            boolean severalNodes = all.stream().map(ClientInfo::node).distinct().count() > 1;
            return all.stream()
                    .filter(ClientInfo::isArena)
                    .filter(c -> !c.name().equals(sources.clientName()))
                    .map(c -> c.name() + " (" + c.addr() + (severalNodes ? " on node " + c.node() : "") + ", connected "
                            + c.ageSeconds() + "s)")
                    .toList();
        } catch (DiagException | RedisUnavailableException e) {
            return List.of("(cannot list clients: " + e.getMessage() + ")");
        }
    }
}
