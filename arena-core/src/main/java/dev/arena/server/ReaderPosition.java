package dev.arena.server;

import dev.arena.broker.RunId;
import java.time.Instant;

/**
 * How far one reader has got in one run: the seq and publish time of the last event handed to its connection
 * ({@code lastSeq} is the asked seq - 1, and {@code lastTs} null, before the first).
 */
record ReaderPosition(RunId run, long lastSeq, Instant lastTs) {}
