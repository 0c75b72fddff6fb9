/**
 * The server registry (docs/design.md, "Several servers"): each {@code arena server} on the Redis
 * backend announces itself (id, URL, version, start, host:pid) as a claim on its id in one Redis
 * hash ({@link dev.arena.coordination.Claims}) and renews it on a heartbeat; an entry not renewed
 * within its TTL is no longer listed, and an orderly shutdown removes it at once. {@code /health},
 * {@code arena diag servers} and the console list the servers from here. On the in-process backend
 * there is no registry: a server lists only itself.
 *
 * <p>Public: {@link dev.arena.registry.ServerRegistry}, {@link dev.arena.registry.ServerRegistries}
 * (the factory and a one-shot read for tools) and {@link dev.arena.registry.ServerAnnouncement}.
 */
package dev.arena.registry;
