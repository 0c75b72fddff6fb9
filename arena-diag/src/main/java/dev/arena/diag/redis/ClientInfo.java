package dev.arena.diag.redis;

/**
 * One line of {@code CLIENT LIST}: arena processes name their connections
 * {@code arena-server@host:pid}, {@code arena-cli@…}, {@code arena-console@…}.
 *
 * @param node the {@code host:port} of the Redis node that listed this client (on a cluster, one of many)
 */
public record ClientInfo(
        String node, long id, String name, String addr, long ageSeconds, long idleSeconds, String user, String cmd) {

    /** True for connections named by an arena process. */
    public boolean isArena() {
        return name != null && name.startsWith("arena-");
    }

    /** The role part of the name ({@code arena-server}), or the whole name. */
    public String role() {
        int at = name == null ? -1 : name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }
}
