/**
 * The process log of the {@code arena} command: dated text lines by default, one JSON object per line
 * with {@code ARENA_LOG_FORMAT=json} (docs/configuration.md), set up once at start before any command runs.
 */
package dev.arena.app.logging;
