package dev.arena.diag.action;

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
 * atomic ACL SETUSER). Passwords travel only inside commands, never into messages.
 */
final class AclPasswords {

    static final String USER = "default";

    private AclPasswords() {
    }

    /** {@code ACL SETUSER default <rule> …} with rules such as {@code >pw}, {@code <pw}, {@code !hash}. */
    static void setUser(RedisSession session, List<String> rules) {
        session.run(c -> {
            CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("SETUSER").add(USER);
            rules.forEach(args::add);
            return c.dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);
        });
    }

    static void add(RedisSession session, String password) {
        setUser(session, List.of(">" + password));
    }

    static void remove(RedisSession session, String password) {
        setUser(session, List.of("<" + password));
    }

    /** SHA-256 hex digests of the default user's passwords (ACL GETUSER). */
    static List<String> hashes(RedisSession session) {
        List<Object> reply = session.run(c -> c.aclGetuser(USER));
        List<String> out = new ArrayList<>();
        for (int i = 0; reply != null && i + 1 < reply.size(); i += 2) {
            if ("passwords".equals(String.valueOf(reply.get(i))) && reply.get(i + 1) instanceof List<?> l) {
                l.forEach(h -> out.add(String.valueOf(h)));
            }
        }
        return out;
    }

    static String sha256(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
