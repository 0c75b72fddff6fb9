package dev.arena.rules;

/** Package patterns the rules share: which top-level packages belong to which module. */
final class ArenaPackages {

    /** Everything arena-core holds (ArchUnit's {@code ..} matches any subpackage). */
    static final String[] CORE = {
        "dev.arena.wire..",
        "dev.arena.auth..",
        "dev.arena.broker..",
        "dev.arena.config..",
        "dev.arena.error..",
        "dev.arena.files..",
        "dev.arena.fork..",
        "dev.arena.json..",
        "dev.arena.lease..",
        "dev.arena.ownership..",
        "dev.arena.registry..",
        "dev.arena.reply..",
        "dev.arena.server..",
        "dev.arena.sim..",
        "dev.arena.store..",
        "dev.arena.time..",
        "dev.arena.coordination..",
        "dev.arena.wire..",
    };

    private ArenaPackages() {}
}
