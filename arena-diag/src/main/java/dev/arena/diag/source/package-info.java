/**
 * The live sources one diagnostic reads — the server's HTTP client and the Redis inspector —
 * opened from a {@link dev.arena.diag.DiagContext} and closed together ({@link
 * dev.arena.diag.source.DiagSources}). Above {@code diag.server} and {@code diag.redis}, below the
 * checks and commands that read through it.
 */
package dev.arena.diag.source;
