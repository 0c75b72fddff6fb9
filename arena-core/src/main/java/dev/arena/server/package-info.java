/**
 * The HTTP/SSE server (docs/design.md, "Server" and "Event path") on Jetty 12 core handlers: {@link dev.arena.server.ArenaServer} wires
 * one small endpoint class per concern behind a router, streams runs over SSE with non-blocking
 * writes (no thread per client), archives ended runs to the store (DuckDB or PostgreSQL) and reaps idle ones. The wire
 * contract is {@code docs/api.md}.
 */
package dev.arena.server;
