package dev.arena.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.api.ServerEntry;
import dev.arena.api.WireJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a registry read is judged: by the Redis clock, each entry against its own TTL, corrupt fields skipped. */
class RegistryHashTest {

    private static final long NOW = 1_800_000_000_000L;

    private static String value(String id, long beat, long ttl, Instant started) {
        return beat + " " + ttl + " " + WireJson.write(new ServerEntry(id, "http://h:" + id.length(), "1.0", started, "h:1", 0, 0, false));
    }

    @Test
    void list_keepsEntriesWithinTheirOwnTtl_oldestStartFirst_marksSelf() {
        List<Object> reply = List.of(NOW,
                "bbbbbbbbbbbb", value("bbbbbbbbbbbb", NOW - 500, 10_000, Instant.parse("2026-01-01T00:00:02Z")),
                "aaaaaaaaaaaa", value("aaaaaaaaaaaa", NOW - 9_000, 10_000, Instant.parse("2026-01-01T00:00:01Z")),
                "cccccccccccc", value("cccccccccccc", NOW - 3_000, 2_000, Instant.parse("2026-01-01T00:00:00Z")));

        List<ServerEntry> live = RegistryHash.parse(reply, "bbbbbbbbbbbb");

        assertThat(live).extracting(ServerEntry::id).containsExactly("aaaaaaaaaaaa", "bbbbbbbbbbbb"); // c is past its 2 s TTL
        assertThat(live.get(0).heartbeatAgeMs()).isEqualTo(9_000);
        assertThat(live.get(0).heartbeatLate()).isTrue();
        assertThat(live.get(0).self()).isFalse();
        assertThat(live.get(1).self()).isTrue();
        assertThat(live.get(1).ttlMs()).isEqualTo(10_000);
        assertThat(live.get(1).heartbeatLate()).isFalse();
    }

    @Test
    void list_skipsCorruptOrForeignFields_insteadOfFailing() {
        List<Object> reply = List.of(NOW,
                "junk", "not an entry",
                "dddddddddddd", NOW + " 1000 {not json",
                "eeeeeeeeeeee", value("ffffffffffff", NOW, 1_000, Instant.EPOCH), // value names another id
                "aaaaaaaaaaaa", value("aaaaaaaaaaaa", NOW + 50, 1_000, Instant.EPOCH)); // beat ahead of TIME: age 0

        assertThat(RegistryHash.parse(reply, null)).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("aaaaaaaaaaaa");
            assertThat(e.heartbeatAgeMs()).isZero();
        });
    }

    @Test
    void list_withoutTheRedisClock_failsLoudly() {
        assertThatThrownBy(() -> RegistryHash.parse(List.of("x"), null)).isInstanceOf(IllegalStateException.class);
    }
}
