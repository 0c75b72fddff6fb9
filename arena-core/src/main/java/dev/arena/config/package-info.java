/** Configuration from the environment (§6): one validated {@link dev.arena.config.ArenaConfig}, duration parsing, secret masking. */
package dev.arena.config;
