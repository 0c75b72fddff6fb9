/**
 * Diagnostics services shared by {@code arena diag} and {@code arena console}: the command line
 * and the console are thin layers over these, so neither duplicates diagnostic logic.
 *
 * <ul>
 *   <li>{@link dev.arena.diag.DiagContext} — where to look (server URL, Redis URL, read-only, env label)</li>
 *   <li>{@code dev.arena.diag.server.ServerClient} — the server's HTTP API, typed</li>
 *   <li>{@code dev.arena.diag.redis.RedisInspector} — read-only, bounded inspection of Redis state</li>
 *   <li>{@code dev.arena.diag.triage.Triage} — the stuck-fork runbook, automated</li>
 *   <li>{@code dev.arena.diag.doctor.Doctor} — every environment check, worst status wins</li>
 *   <li>{@code dev.arena.diag.action} — guarded actions (reap, password rotation) and the audit log</li>
 * </ul>
 */
package dev.arena.diag;
