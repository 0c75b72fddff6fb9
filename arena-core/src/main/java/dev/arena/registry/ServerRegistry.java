package dev.arena.registry;

import dev.arena.wire.ServerEntry;
import java.util.List;

/**
 * This server's place among its peers: it keeps the server announced while open and lists the
 * servers alive now. Build with {@link ServerRegistries}. Thread-safe.
 */
public interface ServerRegistry extends AutoCloseable {

    /**
     * The servers alive now (heartbeat within their TTL), oldest start first, this one marked
     * {@code self}. Never empty and never throws: when the registry cannot be read, this server alone.
     */
    List<ServerEntry> servers();

    /** This server's own entry, as {@link #servers()} shows it when the registry cannot be read. */
    ServerEntry self();

    /** True when servers share a registry (the Redis backend); false when a server only lists itself. */
    boolean shared();

    /** Stops the heartbeat and removes this server's entry at once, so peers stop listing it. Idempotent; never throws. */
    @Override
    void close();
}
