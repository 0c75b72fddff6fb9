package dev.arena.diag.redis;

import java.util.List;

/**
 * The result of one bounded sentinel scan.
 *
 * @param sentinels  sentinels found, sorted by run id
 * @param malformed  keys matching the pattern that do not hold a valid run id (never used further)
 * @param truncated  true when the scan did not cover every key: it stopped at its key budget, or (on a
 *                   cluster) a master could not be scanned
 * @param tookMillis wall time of the scan
 */
public record SentinelScan(List<Sentinel> sentinels, long malformed, boolean truncated, long tookMillis) {

    public SentinelScan {
        sentinels = List.copyOf(sentinels);
    }
}
