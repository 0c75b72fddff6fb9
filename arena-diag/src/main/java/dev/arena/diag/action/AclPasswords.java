package dev.arena.diag.action;

import dev.arena.diag.redis.RedisNode;
import dev.arena.diag.redis.RedisSession;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The ACL commands rotation needs, sent exactly as written (rules apply left to right in one
 * atomic ACL SETUSER) to one node: on a Redis Cluster every node keeps its own ACL, so rotation
 * calls these node by node ({@link RedisSession#topology()}). Passwords travel only inside
 * commands, never into messages.
 */
final class AclPasswords {

    static final String USER = "default";

    private AclPasswords() {}

    /** {@code ACL SETUSER default <rule> …} with rules such as {@code >pw}, {@code <pw}, {@code !hash}. */
    static void setUser(RedisSession session, RedisNode node, List<String> rules) {
        session.onNode(node, c -> {
            CommandArgs<String, String> args =
                    new CommandArgs<>(StringCodec.UTF8).add("SETUSER").add(USER);
            rules.forEach(args::add);
            return c.dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);
        });
    }

    static void add(RedisSession session, RedisNode node, String password) {
        setUser(session, node, List.of(">" + password));
    }

    static void remove(RedisSession session, RedisNode node, String password) {
        setUser(session, node, List.of("<" + password));
    }

    /** SHA-256 hex digests of the default user's passwords on {@code node} (ACL GETUSER). */
    static List<String> hashes(RedisSession session, RedisNode node) {
        List<Object> reply = session.onNode(node, c -> c.aclGetuser(USER));
        List<String> out = new ArrayList<>();
        for (int i = 0; reply != null && i + 1 < reply.size(); i += 2) {
            if ("passwords".equals(String.valueOf(reply.get(i))) && reply.get(i + 1) instanceof List<?> l) {
                l.forEach(h -> out.add(String.valueOf(h)));
            }
        }
        return out;
    }

    /**
     * The password {@code node} uses as a replica to authenticate to its master
     * ({@code CONFIG GET masterauth}); empty when none is set.
     */
    static String masterauth(RedisSession session, RedisNode node) {
        return session.onNode(node, c -> c.configGet("masterauth")).getOrDefault("masterauth", "");
    }

    /** {@code CONFIG SET masterauth}: what a replica sends its master on its next (re)connection. */
    static void setMasterauth(RedisSession session, RedisNode node, String password) {
        session.onNode(node, c -> c.configSet("masterauth", password));
    }

    static String sha256(String password) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
