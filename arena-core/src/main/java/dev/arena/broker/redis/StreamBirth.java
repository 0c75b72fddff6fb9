package dev.arena.broker.redis;

import java.util.List;

/**
 * The first seq a run's stream has ever held, from {@code XINFO STREAM}: each seq is added once, as ID
 * {@code <seq>-0}, so a stream that was never deleted has added exactly as many entries as its last
 * generated seq, and one whose key was deleted while the producer went on was born later. Below that
 * seq, a missing event was lost with the deleted key, not trimmed by retention (docs/design.md, "Tiered
 * history").
 */
final class StreamBirth {

    /** Redis could not say (an error, or a Redis older than 7.0 without {@code entries-added}). */
    static final long UNKNOWN = 1;

    private StreamBirth() {}

    /** {@code last-generated-id}'s seq - {@code entries-added} + 1, or {@link #UNKNOWN}. */
    static long firstSeq(List<Object> xinfo) {
        Object last = field(xinfo, "last-generated-id");
        Object added = field(xinfo, "entries-added");
        if (last == null || added == null) {
            return UNKNOWN;
        }
        String id = last.toString();
        int dash = id.indexOf('-');
        try {
            long lastSeq = Long.parseLong(dash < 0 ? id : id.substring(0, dash));
            long entries = added instanceof Number n ? n.longValue() : Long.parseLong(added.toString());
            return Math.max(UNKNOWN, lastSeq - entries + 1);
        } catch (NumberFormatException notASeq) {
            return UNKNOWN;
        }
    }

    private static Object field(List<Object> info, String name) {
        for (int i = 0; info != null && i + 1 < info.size(); i += 2) {
            if (name.equals(String.valueOf(info.get(i)))) {
                return info.get(i + 1);
            }
        }
        return null;
    }
}
