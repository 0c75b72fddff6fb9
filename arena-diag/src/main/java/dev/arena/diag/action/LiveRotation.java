package dev.arena.diag.action;

import dev.arena.config.RedisUrl;
import dev.arena.diag.DiagException;
import dev.arena.diag.redis.RedisSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Live (ACL) rotation: add beside, verify, rewrite the env file, and later remove the old. */
final class LiveRotation {

    private final PasswordRotation r;

    LiveRotation(PasswordRotation r) {
        this.r = r;
    }

    static ActionPreview previewStart(PasswordRotation r, List<String> facts, Map<String, Object> data) {
        String url = r.sources().context().redisUrl();
        String blocker = null;
        if (RedisUrl.passwordOf(url) == null) {
            blocker = "the Redis URL here has no password (set REDIS_PASSWORD or REDIS_URL): there is nothing to rotate from";
        } else {
            try (RedisSession s = r.open(url)) {
                facts.add("default user has " + AclPasswords.hashes(s).size() + " password(s) now");
            }
            List<String> clients = r.arenaClients();
            facts.add("arena clients connected: " + (clients.isEmpty() ? "none" : String.join(", ", clients)));
            data.put("arena_clients", clients);
        }
        String envFile = r.request().envFile().toString();
        List<String> steps = List.of(
                "generate a new password (24 random bytes, URL-safe, never printed)",
                "ACL SETUSER default >NEW — the new password works beside the old one; nothing disconnects",
                "verify AUTH with NEW on a fresh connection (on failure: ACL SETUSER default <NEW, roll back)",
                "rewrite " + envFile + " with REDIS_PASSWORD=NEW (and REDIS_URL's password) atomically, mode 0600 (on failure: roll back)",
                "list the arena clients still on connections opened with the old password (restart them)",
                r.request().grace() != null
                        ? "after a grace of " + dev.arena.config.Durations.humanize(r.request().grace()) + ": remove the old password and verify"
                        : "the old password stays valid until `arena diag rotate-password --finish --env-file " + envFile + "`");
        List<String> commands = List.of(
                "NEW=$(openssl rand -base64 24 | tr '+/' '-_' | tr -d '=')",
                "redis-cli -u \"$REDIS_URL\" ACL SETUSER default \">$NEW\"",
                "REDISCLI_AUTH=\"$NEW\" redis-cli PING",
                "sed -i \"s/^REDIS_PASSWORD=.*/REDIS_PASSWORD=$NEW/\" " + envFile + " && chmod 600 " + envFile,
                "REDISCLI_AUTH=\"$NEW\" redis-cli CLIENT LIST | grep -o 'name=arena-[^ ]*'");
        return new ActionPreview("rotate-password", r.target(), r.confirmPrefix(), facts, steps, commands, blocker, data);
    }

    static ActionPreview previewFinish(PasswordRotation r, List<String> facts, Map<String, Object> data) {
        Optional<String> fresh = r.env().value("REDIS_PASSWORD").filter(p -> !p.isEmpty());
        String blocker = null;
        if (fresh.isEmpty()) {
            blocker = "no REDIS_PASSWORD in " + r.request().envFile() + ": run the first phase (without --finish) first";
        } else {
            String url = RedisUrl.parse(r.sources().context().redisUrl()).withPassword(fresh.get());
            try (RedisSession s = r.open(url)) {
                List<String> hashes = AclPasswords.hashes(s);
                facts.add("the env file's password authenticates; default user has " + hashes.size() + " password(s)");
                if (!hashes.contains(AclPasswords.sha256(fresh.get()))) {
                    blocker = "the env file's password is not one of the default user's passwords";
                } else if (hashes.size() == 1) {
                    blocker = "nothing to finish: the env file's password is already the only one";
                }
            } catch (DiagException e) {
                blocker = "the env file's password is not accepted by Redis (" + e.getMessage() + "): nothing will be removed";
            }
            List<String> clients = r.arenaClients();
            facts.add("arena clients connected: " + (clients.isEmpty() ? "none" : String.join(", ", clients)));
            data.put("arena_clients", clients);
        }
        List<String> steps = List.of(
                "connect with the env file's password (proves it works)",
                "ACL SETUSER default !<hash> for every other password — one atomic command; the env file's password stays",
                "verify: a fresh AUTH with the env file's password succeeds and it is the only password left (else re-add and roll back)",
                "connections already open keep working; a client reconnecting with the old password will fail: restart the listed ones");
        List<String> commands = List.of(
                "REDISCLI_AUTH=\"$NEW\" redis-cli ACL GETUSER default",
                "REDISCLI_AUTH=\"$NEW\" redis-cli ACL SETUSER default \"<$OLD\"");
        return new ActionPreview("rotate-password-finish", r.target(), r.confirmPrefix(), facts, steps, commands, blocker, data);
    }

    ActionReport start() {
        String url = r.sources().context().redisUrl();
        String old = RedisUrl.passwordOf(url);
        String fresh = r.newPassword();
        String freshUrl = RedisUrl.parse(url).withPassword(fresh);
        List<String> checks = new ArrayList<>();
        try (RedisSession s = r.open(url)) {
            AclPasswords.add(s, fresh);
            checks.add("ACL SETUSER default >NEW: added beside the old password");
            if (!r.check().accepts(freshUrl)) {
                AclPasswords.remove(s, fresh);
                checks.add("AUTH with NEW on a fresh connection: FAILED");
                checks.add("rolled back: ACL SETUSER default <NEW; old password " + (r.check().accepts(url) ? "still works" : "CHECK BY HAND"));
                return new ActionReport(false, true, "verification failed: the new password was removed again; nothing else changed", checks);
            }
            checks.add("AUTH with NEW on a fresh connection: OK");
            String original = r.env().read();
            boolean existed = r.env().exists();
            try {
                r.env().writeAtomically(EnvFile.withRedisPassword(original, fresh));
                String mode = r.env().mode();
                if (!r.env().value("REDIS_PASSWORD").map(fresh::equals).orElse(false) || !"rw-------".equals(mode)) {
                    throw new DiagException("env file re-read does not hold the new password with mode 0600 (mode " + mode + ")");
                }
            } catch (DiagException e) {
                restore(original, existed);
                AclPasswords.remove(s, fresh);
                checks.add("env file: FAILED (" + e.getMessage() + ")");
                checks.add("rolled back: env file restored, ACL SETUSER default <NEW");
                return new ActionReport(false, true, "could not update " + r.request().envFile() + ": rolled back", checks);
            }
            checks.add("env file " + r.request().envFile() + ": REDIS_PASSWORD=NEW, mode rw-------, atomic replace");
            List<String> clients = r.arenaClients();
            checks.add("arena clients on old connections (restart them): " + (clients.isEmpty() ? "none" : String.join(", ", clients)));
            if (r.request().grace() != null) {
                sleep(r.request().grace());
                ActionReport fin = finish(old);
                List<String> all = new ArrayList<>(checks);
                all.addAll(fin.verification());
                return new ActionReport(fin.verified(), fin.rolledBack(), fin.message(), all);
            }
        }
        return new ActionReport(true, false, "new password active beside the old one; restart the clients listed, then run "
                + "`arena diag rotate-password --finish --env-file " + r.request().envFile() + "`", checks);
    }

    /** Removes every password but the env file's; {@code old} (if known) is re-added on a failed verification. */
    ActionReport finish(String old) {
        String fresh = r.env().value("REDIS_PASSWORD").orElseThrow(() -> new DiagException("no REDIS_PASSWORD in " + r.request().envFile()));
        r.addSecret(fresh);
        String freshUrl = RedisUrl.parse(r.sources().context().redisUrl()).withPassword(fresh);
        String fallback = old != null ? old : RedisUrl.passwordOf(r.sources().context().redisUrl());
        List<String> checks = new ArrayList<>();
        try (RedisSession s = r.open(freshUrl)) {
            String keep = AclPasswords.sha256(fresh);
            List<String> others = AclPasswords.hashes(s).stream().filter(h -> !h.equals(keep)).toList();
            if (!others.isEmpty()) {
                AclPasswords.setUser(s, others.stream().map(h -> "!" + h).toList());
            }
            checks.add("ACL SETUSER default: removed " + others.size() + " old password(s)");
            List<String> left = AclPasswords.hashes(s);
            boolean ok = left.equals(List.of(keep)) && r.check().accepts(freshUrl);
            if (!ok) {
                if (fallback != null && !fallback.equals(fresh)) {
                    AclPasswords.add(s, fallback);
                    checks.add("verification FAILED; rolled back: old password re-added");
                    return new ActionReport(false, true, "verification after removing the old password failed: old password restored", checks);
                }
                checks.add("verification FAILED and the old password is unknown here: check `ACL GETUSER default` by hand");
                return new ActionReport(false, false, "verification after removing the old password failed", checks);
            }
            checks.add("fresh AUTH with the env file's password: OK; it is the only password left");
        }
        if (fallback != null && !fallback.equals(fresh)) {
            boolean oldWorks = r.check().accepts(RedisUrl.parse(r.sources().context().redisUrl()).withPassword(fallback));
            checks.add("AUTH with the old password: " + (oldWorks ? "still accepted (UNEXPECTED)" : "refused, as intended"));
        }
        return new ActionReport(true, false, "rotation finished: only the new password is accepted", checks);
    }

    private void restore(String original, boolean existed) {
        try {
            if (existed) {
                r.env().writeAtomically(original);
            } else {
                java.nio.file.Files.deleteIfExists(r.request().envFile());
            }
        } catch (DiagException | java.io.IOException e) {
            // reported by the caller's rollback line; the ACL rollback still runs
        }
    }

    private static void sleep(java.time.Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiagException("interrupted during the grace period: the old password is still valid; run --finish later");
        }
    }
}
