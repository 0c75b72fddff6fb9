package dev.arena.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.coordination.Claim;
import dev.arena.wire.ServerEntry;
import dev.arena.wire.WireJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a registry read is judged: each entry against its own TTL (ages by the Redis clock), corrupt entries skipped. */
class RegistryHashTest {

    private static Claim value(String id, long age, long ttl, Instant started) {
        return claim(
                id,
                age,
                ttl,
                WireJson.write(new ServerEntry(id, "http://h:" + id.length(), "1.0", started, "h:1", 0, 0, false)));
    }

    private static Claim claim(String name, long age, long ttl, String payload) {
        return new Claim(name, name, payload, age, ttl);
    }

    @Test
    void list_keepsEntriesWithinTheirOwnTtl_oldestStartFirst_marksSelf() {
        List<Claim> reply = List.of(
                value("bbbbbbbbbbbb", 500, 10_000, Instant.parse("2026-01-01T00:00:02Z")),
                value("aaaaaaaaaaaa", 9_000, 10_000, Instant.parse("2026-01-01T00:00:01Z")),
                value("cccccccccccc", 3_000, 2_000, Instant.parse("2026-01-01T00:00:00Z")));

        List<ServerEntry> live = RegistryHash.parse(reply, "bbbbbbbbbbbb");

        assertThat(live)
                .extracting(ServerEntry::id)
                .containsExactly("aaaaaaaaaaaa", "bbbbbbbbbbbb"); // c is past its 2 s TTL
        assertThat(live.get(0).heartbeatAgeMs()).isEqualTo(9_000);
        assertThat(live.get(0).heartbeatLate()).isTrue();
        assertThat(live.get(0).self()).isFalse();
        assertThat(live.get(1).self()).isTrue();
        assertThat(live.get(1).ttlMs()).isEqualTo(10_000);
        assertThat(live.get(1).heartbeatLate()).isFalse();
    }

    @Test
    void list_skipsCorruptOrForeignFields_insteadOfFailing() {
        Claim otherId = value("ffffffffffff", 0, 1_000, Instant.EPOCH);
        List<Claim> reply = List.of(
                claim("junk", 0, 1_000, "not an entry"),
                claim("dddddddddddd", 0, 1_000, "{not json"),
                claim("eeeeeeeeeeee", 0, 1_000, otherId.payload()), // value names another id
                value("aaaaaaaaaaaa", 0, 1_000, Instant.EPOCH));

        assertThat(RegistryHash.parse(reply, null)).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("aaaaaaaaaaaa");
            assertThat(e.heartbeatAgeMs()).isZero();
        });
    }
}
