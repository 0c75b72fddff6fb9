/**
 * JSON handling shared by every layer, so every module reads and writes JSON the same way:
 * {@link dev.arena.json.Json} holds the one configured Jackson mapper and the best-effort
 * conversion that turns any payload into a JSON object instead of failing a publish.
 */
package dev.arena.json;
