/**
 * Configuration from the environment (docs/configuration.md): one validated
 * {@link dev.arena.config.ArenaConfig}, duration parsing, secret masking.
 */
package dev.arena.config;
