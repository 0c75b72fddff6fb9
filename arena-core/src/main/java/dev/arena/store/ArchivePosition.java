package dev.arena.store;

import java.util.Optional;

/**
 * What the archiver of a run publishes with its claim, so that every server can show the archive
 * lag of runs another server archives: {@code archived_through} and how long the run had been behind
 * at that renewal. Stored as the claim's payload, {@code {"through":N,"behind_ms":M}}.
 */
record ArchivePosition(long through, long behindMs) {

    String payload() {
        return "{\"through\":" + through + ",\"behind_ms\":" + behindMs + "}";
    }

    /** The position in {@code payload}, or empty when it is not one (a claim just taken, before its first renewal). */
    static Optional<ArchivePosition> parse(String payload) {
        String p = payload.strip();
        if (!p.startsWith("{\"through\":") || !p.endsWith("}")) {
            return Optional.empty();
        }
        String[] parts = p.substring(1, p.length() - 1).split(",");
        if (parts.length != 2 || !parts[1].startsWith("\"behind_ms\":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ArchivePosition(
                    Long.parseLong(parts[0].substring("\"through\":".length())),
                    Long.parseLong(parts[1].substring("\"behind_ms\":".length()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
