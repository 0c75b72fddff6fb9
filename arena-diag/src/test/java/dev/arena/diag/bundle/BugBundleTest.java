package dev.arena.diag.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What the bundle's config.json shows of each variable, and the part record's invariant. */
class BugBundleTest {

    @Test
    void masked_hidesSecretsByName_andPasswordsInUrls() {
        assertThat(BugBundle.masked("REDIS_PASSWORD", "hunter2-long")).isEqualTo("***");
        assertThat(BugBundle.masked("ARENA_ADMIN_TOKEN", "abcdef")).isEqualTo("***");
        assertThat(BugBundle.masked("ARENA_ADMIN_TOKEN", "")).isEqualTo("(unset)");
        assertThat(BugBundle.masked("REDIS_URL", "redis://:s3cret-pw@h:6379/0")).isEqualTo("redis://:***@h:6379/0");
        assertThat(BugBundle.masked("ARENA_SERVER_URL", "http://user:pw12@arena:8000"))
                .isEqualTo("http://user:***@arena:8000");
        assertThat(BugBundle.masked("ARENA_FORK_STUCK_AFTER", "60s")).isEqualTo("60s");
        assertThat(BugBundle.masked("ARENA_DB", "postgresql://arena:pg-pw-9@db:5432/arena"))
                .isEqualTo("postgresql://arena:***@db:5432/arena");
        assertThat(BugBundle.masked("ARENA_DB", "postgresql://arena@db/arena?sslmode=require&password=pg-pw-9"))
                .isEqualTo("postgresql://arena@db/arena?sslmode=require&password=***");
        assertThat(BugBundle.masked("ARENA_DB", "data/arena.duckdb")).isEqualTo("data/arena.duckdb");
    }

    @Test
    void part_hasContentOrTheReasonItIsMissing_neverBothOrNeither() {
        assertThat(BundlePart.of("run.json", "run", "{}").collected()).isTrue();
        assertThat(BundlePart.missing("run.json", "run", "server down").collected())
                .isFalse();
        assertThatThrownBy(() -> new BundlePart("x", "y", "c", "why")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BundlePart("x", "y", null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
