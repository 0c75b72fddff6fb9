package dev.arena.registry;

import dev.arena.broker.Brokers;
import dev.arena.wire.ServerEntry;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a server announces about itself: a fresh random id per process start (so a restarted server
 * is never mistaken for the one that died), where to reach it, its version, when it started and
 * its {@code host:pid}.
 */
public record ServerAnnouncement(String id, String url, String version, Instant startedAt, String hostPid) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public ServerAnnouncement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(hostPid, "hostPid");
        if (!id.matches("[0-9a-z-]{1,64}")) {
            throw new IllegalArgumentException("server id must be 1-64 of [0-9a-z-], got '" + id + "'");
        }
    }

    /** A new 12-hex-digit server id, drawn once per process start. */
    public static String newId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** This process as {@code id} (from {@link #newId()}), with {@code host:pid} as its Redis client names show it. */
    public static ServerAnnouncement ofThisProcess(String id, String url, String version, Instant startedAt) {
        String name = Brokers.clientName("arena-server"); // arena-server@host:pid
        return new ServerAnnouncement(id, url, version, startedAt, name.substring(name.indexOf('@') + 1));
    }

    /** The registry entry of this announcement, not yet observed (age and TTL 0, not self). */
    ServerEntry entry() {
        return new ServerEntry(id, url, version, startedAt, hostPid, 0, 0, false);
    }
}
