package dev.arena.registry;

import dev.arena.wire.ServerEntry;
import java.util.List;

/** The in-process backend's "registry": no peers can see this server, so it lists itself alone. */
final class LocalRegistry implements ServerRegistry {

    private final ServerEntry self;

    LocalRegistry(ServerAnnouncement announcement) {
        this.self = announcement.entry().observed(0, 0, true);
    }

    @Override
    public List<ServerEntry> servers() {
        return List.of(self);
    }

    @Override
    public ServerEntry self() {
        return self;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public void close() {}
}
