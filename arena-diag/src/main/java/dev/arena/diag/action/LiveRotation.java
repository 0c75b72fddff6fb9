package dev.arena.diag.action;

import dev.arena.config.Durations;
import dev.arena.config.RedisUrl;
import dev.arena.diag.DiagException;
import dev.arena.diag.redis.RedisNode;
import dev.arena.diag.redis.RedisSession;
import dev.arena.diag.redis.RedisUnavailableException;
import dev.arena.diag.redis.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Live (ACL) rotation: add beside, verify, rewrite the env file, and later remove the old — on
 * every node of {@link RedisSession#topology()} (one node when standalone; on a cluster masters and
 * replicas, with {@code masterauth} alongside), rolling every node back on any failure.
 */
final class LiveRotation {

    /**
     * Fresh connections tried per node before the new password counts as refused: one refusal on a busy machine (a
     * connection that did not come up in time) is not a verdict worth rolling back a rotation for.
     */
    static final int VERIFY_ATTEMPTS = 3;

    private static final Duration VERIFY_RETRY = Duration.ofMillis(250);

    private final PasswordRotation r;

    LiveRotation(PasswordRotation r) {
        this.r = r;
    }

    static ActionPreview previewStart(PasswordRotation r, List<String> facts, Map<String, Object> data) {
        String url = r.sources().context().redisUrl();
        String blocker = null;
        List<String> clusterNodes = List.of();
        if (RedisUrl.passwordOf(url) == null) {
            blocker =
                    "the Redis URL here has no password (set REDIS_PASSWORD or REDIS_URL): there is nothing to rotate from";
        } else {
            try (RedisSession s = r.open(url)) {
                Topology t = s.topology();
                clusterNodes =
                        t.cluster() ? t.nodes().stream().map(RedisNode::address).toList() : List.of();
                facts.add(t.summary()
                        + (t.cluster()
                                ? ": the ACL change, masterauth and the verification cover all "
                                        + t.nodes().size() + " nodes"
                                : ""));
                blocker = failingBlocker(t);
                for (RedisNode n : t.nodes()) {
                    if (n.reachable()) {
                        facts.add((t.cluster() ? "node " + n.label() + ": " : "") + "default user has "
                                + AclPasswords.hashes(s, n).size() + " password(s) now");
                    }
                }
            }
            List<String> clients = r.arenaClients();
            facts.add("arena clients connected: " + (clients.isEmpty() ? "none" : String.join(", ", clients)));
            data.put("arena_clients", clients);
        }
        String envFile = r.request().envFile().toString();
        List<String> steps = List.of(
                "generate a new password (24 random bytes, URL-safe, never printed)",
                "ACL SETUSER default >NEW on every node — the new password works beside the old one; nothing disconnects"
                        + " (on a cluster also CONFIG SET masterauth NEW on every node, so replicas re-authenticate to their masters with NEW)",
                "verify AUTH with NEW on a fresh connection to every node, up to " + VERIFY_ATTEMPTS
                        + " tries each (on any failure: ACL SETUSER default <NEW"
                        + " and the old masterauth back on every node — roll back)",
                "rewrite " + envFile
                        + " with REDIS_PASSWORD=NEW (and REDIS_URL's password) atomically, mode 0600 (on failure: roll back)",
                "list the arena clients still on connections opened with the old password (restart them)",
                r.request().grace() != null
                        ? "after a grace of " + Durations.humanize(r.request().grace())
                                + ": remove the old password and verify"
                        : "the old password stays valid until `arena diag rotate-password --finish --env-file "
                                + envFile + "`");
        List<String> commands = clusterNodes.isEmpty()
                ? List.of(
                        "NEW=$(openssl rand -base64 24 | tr '+/' '-_' | tr -d '=')",
                        "redis-cli -u \"$REDIS_URL\" ACL SETUSER default \">$NEW\"",
                        "REDISCLI_AUTH=\"$NEW\" redis-cli PING",
                        "sed -i \"s/^REDIS_PASSWORD=.*/REDIS_PASSWORD=$NEW/\" " + envFile + " && chmod 600 " + envFile,
                        "REDISCLI_AUTH=\"$NEW\" redis-cli CLIENT LIST | grep -o 'name=arena-[^ ]*'")
                : List.of(
                        "NEW=$(openssl rand -base64 24 | tr '+/' '-_' | tr -d '=')",
                        "for n in " + String.join(" ", clusterNodes) + "; do h=${n%:*} p=${n##*:}",
                        "  REDISCLI_AUTH=\"$OLD\" redis-cli -h $h -p $p ACL SETUSER default \">$NEW\"",
                        "  REDISCLI_AUTH=\"$OLD\" redis-cli -h $h -p $p CONFIG SET masterauth \"$NEW\"",
                        "  REDISCLI_AUTH=\"$NEW\" redis-cli -h $h -p $p PING",
                        "done",
                        "sed -i \"s/^REDIS_PASSWORD=.*/REDIS_PASSWORD=$NEW/\" " + envFile + " && chmod 600 " + envFile);
        return new ActionPreview(
                "rotate-password", r.target(), r.confirmPrefix(), facts, steps, commands, blocker, data);
    }

    static ActionPreview previewFinish(PasswordRotation r, List<String> facts, Map<String, Object> data) {
        Optional<String> fresh = r.env().value("REDIS_PASSWORD").filter(p -> !p.isEmpty());
        String blocker = null;
        List<String> clusterNodes = List.of();
        if (fresh.isEmpty()) {
            blocker =
                    "no REDIS_PASSWORD in " + r.request().envFile() + ": run the first phase (without --finish) first";
        } else {
            String url = RedisUrl.parse(r.sources().context().redisUrl()).withPassword(fresh.get());
            try (RedisSession s = r.open(url)) {
                Topology t = s.topology();
                clusterNodes =
                        t.cluster() ? t.nodes().stream().map(RedisNode::address).toList() : List.of();
                blocker = failingBlocker(t);
                String keep = AclPasswords.sha256(fresh.get());
                boolean anyOther = false;
                for (RedisNode n : t.nodes()) {
                    if (!n.reachable()) {
                        continue;
                    }
                    List<String> hashes = AclPasswords.hashes(s, n);
                    facts.add("the env file's password authenticates" + (t.cluster() ? " on node " + n.label() : "")
                            + "; default user has " + hashes.size() + " password(s)");
                    if (!hashes.contains(keep) && blocker == null) {
                        blocker = "the env file's password is not one of the default user's passwords"
                                + (t.cluster() ? " on node " + n.address() : "");
                    }
                    anyOther |= hashes.size() > 1;
                }
                if (blocker == null && !anyOther) {
                    blocker = "nothing to finish: the env file's password is already the only one"
                            + (t.cluster() ? " on every node" : "");
                }
            } catch (DiagException | RedisUnavailableException e) {
                blocker = "the env file's password is not accepted by Redis (" + e.getMessage()
                        + "): nothing will be removed";
            }
            List<String> clients = r.arenaClients();
            facts.add("arena clients connected: " + (clients.isEmpty() ? "none" : String.join(", ", clients)));
            data.put("arena_clients", clients);
        }
        List<String> steps = List.of(
                "connect with the env file's password (proves it works)",
                "ACL SETUSER default !<hash> for every other password on every node — one atomic command per node; the env file's password stays",
                "verify on every node: a fresh AUTH with the env file's password succeeds and it is the only password left"
                        + " (else re-add the old one on every node and roll back)",
                "connections already open keep working; a client reconnecting with the old password will fail: restart the listed ones");
        List<String> commands = clusterNodes.isEmpty()
                ? List.of(
                        "REDISCLI_AUTH=\"$NEW\" redis-cli ACL GETUSER default",
                        "REDISCLI_AUTH=\"$NEW\" redis-cli ACL SETUSER default \"<$OLD\"")
                : List.of(
                        "for n in " + String.join(" ", clusterNodes) + "; do h=${n%:*} p=${n##*:}",
                        "  REDISCLI_AUTH=\"$NEW\" redis-cli -h $h -p $p ACL SETUSER default \"<$OLD\"",
                        "  REDISCLI_AUTH=\"$NEW\" redis-cli -h $h -p $p ACL GETUSER default",
                        "done");
        return new ActionPreview(
                "rotate-password-finish", r.target(), r.confirmPrefix(), facts, steps, commands, blocker, data);
    }

    /**
     * The nodes that still refuse {@code freshUrl}'s password after {@link #VERIFY_ATTEMPTS} fresh connections each,
     * with the last reason each gave.
     */
    private Map<RedisNode, String> refusedOn(List<RedisNode> nodes, String freshUrl, boolean cluster) {
        Map<RedisNode, String> refused = new LinkedHashMap<>();
        for (RedisNode n : nodes) {
            String url = nodeUrl(freshUrl, n, cluster);
            String why = r.check().refusal(url);
            for (int tried = 1; why != null && tried < VERIFY_ATTEMPTS; tried++) {
                if (!r.sources().ticker().pause(VERIFY_RETRY)) {
                    break; // interrupted: what was refused stays refused
                }
                why = r.check().refusal(url);
            }
            if (why != null) {
                refused.put(n, why);
            }
        }
        return refused;
    }

    ActionReport start() {
        String url = r.sources().context().redisUrl();
        String old = RedisUrl.passwordOf(url);
        String fresh = r.newPassword();
        String freshUrl = RedisUrl.parse(url).withPassword(fresh);
        List<String> checks = new ArrayList<>();
        try (RedisSession s = r.open(url)) {
            Topology t = s.topology();
            String blocked = failingBlocker(t);
            if (blocked != null) {
                return new ActionReport(false, false, "not started: " + blocked, checks);
            }
            Map<RedisNode, String> masterauth = new LinkedHashMap<>();
            List<RedisNode> added = new ArrayList<>();
            try {
                for (RedisNode n : t.nodes()) {
                    AclPasswords.add(s, n, fresh);
                    added.add(n);
                    if (t.cluster()) {
                        String before = AclPasswords.masterauth(s, n);
                        r.addSecret(before);
                        masterauth.put(n, before);
                        AclPasswords.setMasterauth(s, n, fresh);
                    }
                }
            } catch (DiagException | RedisUnavailableException e) {
                checks.add("ACL SETUSER default >NEW" + (t.cluster() ? " / CONFIG SET masterauth" : "") + ": FAILED ("
                        + e.getMessage() + ")");
                checks.add(rollBack(s, added, masterauth, fresh, url));
                return new ActionReport(
                        false,
                        true,
                        "could not add the new password everywhere: rolled back; nothing else changed",
                        checks);
            }
            checks.add("ACL SETUSER default >NEW" + on(t) + ": added beside the old password");
            if (t.cluster()) {
                checks.add(
                        "CONFIG SET masterauth NEW" + on(t) + ": replicas re-authenticate to their masters with NEW");
            }
            Map<RedisNode, String> refused = refusedOn(t.nodes(), freshUrl, t.cluster());
            if (!refused.isEmpty()) {
                List<String> where = new ArrayList<>();
                refused.forEach((n, why) -> where.add((t.cluster() ? n.address() + " " : "") + "(" + why + ")"));
                checks.add("AUTH with NEW on a fresh connection: FAILED " + (t.cluster() ? "on " : "")
                        + String.join(", ", where) + " after " + VERIFY_ATTEMPTS + " tries");
                checks.add(rollBack(s, t.nodes(), masterauth, fresh, url));
                return new ActionReport(
                        false,
                        true,
                        "verification failed: the new password was removed again"
                                + (t.cluster() ? " from every node" : "") + "; nothing else changed",
                        checks);
            }
            checks.add("AUTH with NEW on a fresh connection"
                    + (t.cluster() ? " to each of the " + t.nodes().size() + " nodes" : "") + ": OK");
            String original = r.env().read();
            boolean existed = r.env().exists();
            try {
                r.env().writeAtomically(EnvFile.withRedisPassword(original, fresh));
                String mode = r.env().mode();
                if (!r.env().value("REDIS_PASSWORD").map(fresh::equals).orElse(false) || !"rw-------".equals(mode)) {
                    throw new DiagException(
                            "env file re-read does not hold the new password with mode 0600 (mode " + mode + ")");
                }
            } catch (DiagException | RedisUnavailableException e) {
                restore(original, existed);
                checks.add("env file: FAILED (" + e.getMessage() + ")");
                checks.add("env file restored; " + rollBack(s, t.nodes(), masterauth, fresh, url));
                return new ActionReport(
                        false, true, "could not update " + r.request().envFile() + ": rolled back", checks);
            }
            checks.add("env file " + r.request().envFile() + ": REDIS_PASSWORD=NEW, mode rw-------, atomic replace");
            List<String> clients = r.arenaClients();
            checks.add("arena clients on old connections (restart them): "
                    + (clients.isEmpty() ? "none" : String.join(", ", clients)));
            if (r.request().grace() != null) {
                sleep(r.request().grace());
                ActionReport fin = finish(old);
                List<String> all = new ArrayList<>(checks);
                all.addAll(fin.verification());
                return new ActionReport(fin.verified(), fin.rolledBack(), fin.message(), all);
            }
        }
        return new ActionReport(
                true,
                false,
                "new password active beside the old one; restart the clients listed, then run "
                        + "`arena diag rotate-password --finish --env-file "
                        + r.request().envFile() + "`",
                checks);
    }

    /**
     * Removes the new password from {@code nodes} and puts their masterauth back; every node is
     * tried even when one fails. Returns the check line saying what was rolled back.
     */
    private String rollBack(
            RedisSession s, List<RedisNode> nodes, Map<RedisNode, String> masterauth, String fresh, String url) {
        List<String> failed = new ArrayList<>();
        for (RedisNode n : nodes) {
            try {
                AclPasswords.remove(s, n, fresh);
                if (masterauth.containsKey(n)) {
                    AclPasswords.setMasterauth(s, n, masterauth.get(n));
                }
            } catch (DiagException | RedisUnavailableException e) {
                failed.add(n.address());
            }
        }
        boolean cluster = s.isCluster();
        boolean oldWorks = nodes.stream().allMatch(n -> r.check().accepts(nodeUrl(url, n, cluster)));
        return "rolled back" + (cluster ? " on every node" : "") + ": ACL SETUSER default <NEW"
                + (cluster ? ", masterauth restored" : "")
                + (failed.isEmpty() ? "" : " (FAILED on " + String.join(", ", failed) + ": CHECK BY HAND)")
                + "; old password " + (oldWorks ? "still works" + (cluster ? " on every node" : "") : "CHECK BY HAND");
    }

    /** Removes every password but the env file's, on every node; {@code old} (if known) is re-added everywhere on a failed verification. */
    ActionReport finish(String old) {
        String fresh = r.env()
                .value("REDIS_PASSWORD")
                .orElseThrow(() ->
                        new DiagException("no REDIS_PASSWORD in " + r.request().envFile()));
        r.addSecret(fresh);
        String freshUrl = RedisUrl.parse(r.sources().context().redisUrl()).withPassword(fresh);
        String fallback =
                old != null ? old : RedisUrl.passwordOf(r.sources().context().redisUrl());
        List<String> checks = new ArrayList<>();
        boolean cluster;
        List<RedisNode> nodes;
        try (RedisSession s = r.open(freshUrl)) {
            Topology t = s.topology();
            cluster = t.cluster();
            nodes = t.nodes();
            String blocked = failingBlocker(t);
            if (blocked != null) {
                return new ActionReport(false, false, "not finished: " + blocked, checks);
            }
            String keep = AclPasswords.sha256(fresh);
            int removed = 0;
            List<String> bad = new ArrayList<>();
            for (RedisNode n : nodes) {
                try {
                    List<String> others = AclPasswords.hashes(s, n).stream()
                            .filter(h -> !h.equals(keep))
                            .toList();
                    if (!others.isEmpty()) {
                        AclPasswords.setUser(
                                s, n, others.stream().map(h -> "!" + h).toList());
                    }
                    removed += others.size();
                    if (!AclPasswords.hashes(s, n).equals(List.of(keep))
                            || !r.check().accepts(nodeUrl(freshUrl, n, cluster))) {
                        bad.add(n.address());
                    }
                } catch (DiagException | RedisUnavailableException e) {
                    bad.add(n.address());
                }
            }
            checks.add("ACL SETUSER default: removed " + removed + " old password(s)" + on(t));
            if (!bad.isEmpty()) {
                if (fallback != null && !fallback.equals(fresh)) {
                    for (RedisNode n : nodes) {
                        try {
                            AclPasswords.add(s, n, fallback);
                        } catch (DiagException | RedisUnavailableException e) {
                            checks.add("re-adding the old password FAILED on " + n.address()
                                    + ": check `ACL GETUSER default` there by hand");
                        }
                    }
                    checks.add("verification FAILED" + (cluster ? " on " + String.join(", ", bad) : "")
                            + "; rolled back: old password re-added" + (cluster ? " on every node" : ""));
                    return new ActionReport(
                            false,
                            true,
                            "verification after removing the old password failed: old password restored",
                            checks);
                }
                checks.add(
                        "verification FAILED and the old password is unknown here: check `ACL GETUSER default` by hand");
                return new ActionReport(false, false, "verification after removing the old password failed", checks);
            }
            checks.add("fresh AUTH with the env file's password"
                    + (cluster ? " on each of the " + nodes.size() + " nodes" : "")
                    + ": OK; it is the only password left");
        }
        if (fallback != null && !fallback.equals(fresh)) {
            String oldUrl = RedisUrl.parse(r.sources().context().redisUrl()).withPassword(fallback);
            List<String> still = nodes.stream()
                    .filter(n -> r.check().accepts(nodeUrl(oldUrl, n, cluster)))
                    .map(RedisNode::address)
                    .toList();
            checks.add("AUTH with the old password: "
                    + (still.isEmpty()
                            ? "refused" + (cluster ? " on every node" : "") + ", as intended"
                            : "still accepted (UNEXPECTED)" + (cluster ? " on " + String.join(", ", still) : "")));
        }
        return new ActionReport(
                true,
                false,
                "rotation finished: only the new password is accepted" + (cluster ? " on every node" : ""),
                checks);
    }

    /** Null when every node is up; else why rotating now would leave a node on the old password. */
    static String failingBlocker(Topology t) {
        List<RedisNode> failing = t.failing();
        return failing.isEmpty()
                ? null
                : "node(s) " + failing.stream().map(RedisNode::label).toList()
                        + " are failing: they would keep the old password only; restart them or remove them from the cluster first";
    }

    /** The URL for checking one node: {@code url} itself on a standalone Redis, that node alone on a cluster. */
    static String nodeUrl(String url, RedisNode node, boolean cluster) {
        if (!cluster) {
            return url;
        }
        RedisUrl u = RedisUrl.parse(url);
        String scheme = url.substring(0, url.indexOf("://"));
        String auth = u.password()
                .map(p -> u.user().map(RedisUrl::encode).orElse("") + ":" + RedisUrl.encode(p) + "@")
                .orElse("");
        return scheme + "://" + auth + node.address() + "/" + u.database();
    }

    private static String on(Topology t) {
        return t.cluster() ? " on every node (" + t.nodes().size() + ")" : "";
    }

    private void restore(String original, boolean existed) {
        try {
            if (existed) {
                r.env().writeAtomically(original);
            } else {
                Files.deleteIfExists(r.request().envFile());
            }
        } catch (DiagException | RedisUnavailableException | IOException e) {
            // reported by the caller's rollback line; the ACL rollback still runs
        }
    }

    private void sleep(Duration d) {
        try {
            r.sources().ticker().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiagException(
                    "interrupted during the grace period: the old password is still valid; run --finish later");
        }
    }
}
