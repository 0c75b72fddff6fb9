/**
 * The one unchecked exception root of Arena ({@link dev.arena.error.ArenaException}) and the
 * {@link dev.arena.error.Fault} each family declares, so every edge translates failures once: the
 * server's router into an HTTP status, the CLI into an exit code. See docs/design.md, "Errors".
 */
package dev.arena.error;
