package dev.arena.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisUrlTest {

    /** The codec reads user, password, host, port and database exactly as the client Arena connects with. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "redis://localhost:6379/0",
                "redis://localhost",
                "redis://h:7000/2",
                "redis://:secret@h:1/0",
                "redis://:a+b@h:1/0",
                "redis://:a%20b@h:1/0",
                "redis://:a%2Bb@h:1/0",
                "redis://:a%2Bb+c%20d@h/3",
                "redis://:p%40ss%3Aw%2Frd@localhost:6379/0",
                "redis://arena:s3cret@h:1/0",
                "redis://arena+x:s3cr+et@h:1/0",
                "redis://arena:@h:1/0",
                "redis://justapassword@h:1/0",
                "redis://us%3Aer:pw@h/0",
                "redis://:pw:with:colons@h",
                "redis://:pw@my_host:6380/4",
                "redis://:p@ss@h:1/0",
                "redis://:pw@127.0.0.1:6379?database=5",
                "redis://h/1?db=7",
                "redis://h/1?timeout=10s&database=9x",
                "rediss://:pw@h:6380",
                "redis+tls://u:pw@h",
                "redis://:pw@[::1]:6379/0",
                "redis-socket:///tmp/redis.sock?database=2",
            })
    void readsEveryPartAsLettuceDoes(String url) {
        RedisURI lettuce = RedisURI.create(url);
        RedisUrl ours = RedisUrl.parse(url);

        RedisCredentials credentials =
                lettuce.getCredentialsProvider().resolveCredentials().block();
        assertThat(ours.user().orElse(null)).as("user").isEqualTo(credentials.getUsername());
        assertThat(ours.password().orElse(null))
                .as("password")
                .isEqualTo(credentials.hasPassword() ? new String(credentials.getPassword()) : null);
        assertThat(ours.host()).as("host").isEqualTo(lettuce.getHost());
        assertThat(ours.socket()).as("socket").isEqualTo(lettuce.getSocket());
        assertThat(ours.port()).as("port").isEqualTo(lettuce.getPort());
        assertThat(ours.database()).as("database").isEqualTo(lettuce.getDatabase());
        assertThat(RedisUrl.passwordOf(url)).isEqualTo(ours.password().orElse(null));
    }

    @Test
    void plusStaysAPlus_percentEscapesDecode() {
        assertThat(RedisUrl.passwordOf("redis://:a+b@h")).isEqualTo("a+b");
        assertThat(RedisUrl.passwordOf("redis://:a%20b@h")).isEqualTo("a b");
        assertThat(RedisUrl.passwordOf("redis://:a%2Bb@h")).isEqualTo("a+b");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "redis://:pa ss@h:1/0",
                "redis:// h",
                "http://:pw@h:1/0",
                "redis://h:1/notanumber",
                "redis://h:1/-1",
                "redis://h:70000",
                "",
                "not a url"
            })
    void refusesWhatLettuceRefuses(String url) {
        assertThatThrownBy(() -> RedisURI.create(url)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa ss"));
        assertThat(RedisUrl.tryParse(url)).isEmpty();
        assertThat(RedisUrl.passwordOf(url)).isNull();
    }

    @Test
    void sentinelUrls_areRefused_arenaTalksToOneRedis() {
        assertThat(RedisUrl.tryParse("redis-sentinel://:pw@h:26379?sentinelMasterId=m"))
                .isEmpty();
        assertThat(RedisUrl.mask("redis-sentinel://:pw@h:26379?sentinelMasterId=m"))
                .doesNotContain("pw@");
    }

    @Test
    void withPassword_writesWhatLettuceReadsBack() {
        for (String password : new String[] {"n/w", "a b", "a+b", "p@ss:w%rd", "ü ñ"}) {
            for (String base :
                    new String[] {"redis://:old@h:1/2", "redis://arena:old@h:1/2", "redis://h:1/2", "redis://old@h:1/2"
                    }) {
                String rewritten = RedisUrl.parse(base).withPassword(password);
                assertThat(lettucePassword(rewritten)).as(rewritten).isEqualTo(password);
                assertThat(RedisUrl.passwordOf(rewritten)).isEqualTo(password);
                assertThat(RedisUrl.parse(rewritten).endpoint()).isEqualTo("h:1/2");
            }
        }
        assertThat(RedisUrl.parse("redis://arena:old@h:1/2").withPassword("x")).isEqualTo("redis://arena:x@h:1/2");
    }

    @Test
    void passwordAndReplacement_roundTripEncodedPasswords() {
        String url = "redis://:p%40ss@localhost:6379/0";
        assertThat(RedisUrl.passwordOf(url)).isEqualTo("p@ss");
        assertThat(RedisUrl.parse(url).withPassword("n/w")).isEqualTo("redis://:n%2Fw@localhost:6379/0");
        assertThat(RedisUrl.parse("redis://localhost:6379/0").withPassword("x"))
                .isEqualTo("redis://:x@localhost:6379/0");
        assertThat(RedisUrl.passwordOf("redis://localhost:6379/0")).isNull();
    }

    @Test
    void localWithPassword_isReadBackAsTheSamePassword() {
        String url = RedisUrl.localWithPassword("a b+c");
        assertThat(url).isEqualTo("redis://:a%20b%2Bc@localhost:6379/0");
        assertThat(lettucePassword(url)).isEqualTo("a b+c");
    }

    @Test
    void masked_hidesThePasswordKeepsUserHostAndPath() {
        assertThat(RedisUrl.mask("redis://:s3cret@redis.internal:6379/0"))
                .isEqualTo("redis://:***@redis.internal:6379/0");
        assertThat(RedisUrl.mask("redis://arena:s3cret@h:1/0")).isEqualTo("redis://arena:***@h:1/0");
        assertThat(RedisUrl.mask("redis://s3cret@h:1/0")).isEqualTo("redis://***@h:1/0");
        assertThat(RedisUrl.mask("redis://h:1/0")).isEqualTo("redis://h:1/0");
        assertThat(RedisUrl.mask("redis://:a+b@h:1/0?db=2")).isEqualTo("redis://:***@h:1/0?db=2");
        assertThat(RedisUrl.mask("redis://us%3Aer:pw@h/0"))
                .isEqualTo("redis://us:***@h/0")
                .doesNotContain("er");
        assertThat(RedisUrl.parse("redis://:s3cret@h").toString()).doesNotContain("s3cret");
        assertThat(RedisUrl.mask(null)).isNull();
    }

    @Test
    void masked_unparseableUrlIsMaskedWhole() {
        assertThat(RedisUrl.mask("redis://:pa ss@h:1/0")).isEqualTo("redis://***");
    }

    @Test
    void endpoint_treatsLoopbackNamesAlike() {
        assertThat(RedisUrl.parse("redis://:***@127.0.0.1:6379/0").endpoint()).isEqualTo("localhost:6379/0");
        assertThat(RedisUrl.parse("redis://localhost").endpoint()).isEqualTo("localhost:6379/0");
        assertThat(RedisUrl.parse("redis://h:7000/2").endpoint()).isEqualTo("h:7000/2");
        assertThat(RedisUrl.parse("redis://H:7000?db=3").endpoint()).isEqualTo("h:7000/3");
    }

    private static String lettucePassword(String url) {
        return new String(RedisURI.create(url)
                .getCredentialsProvider()
                .resolveCredentials()
                .block()
                .getPassword());
    }

    /** A seed list: every seed a full single-node URL that Lettuce reads with the list's credentials and database. */
    @Test
    void seedListGivesOneSingleNodeUrlPerSeed() {
        RedisUrl list = RedisUrl.parse("redis://arena:s%20cret@h1:7000,h2:7001,h3:7002/0?timeout=5s");

        assertThat(list.isSeedList()).isTrue();
        assertThat(list.seeds())
                .extracting(RedisUrl::text)
                .containsExactly(
                        "redis://arena:s%20cret@h1:7000/0?timeout=5s",
                        "redis://arena:s%20cret@h2:7001/0?timeout=5s", "redis://arena:s%20cret@h3:7002/0?timeout=5s");
        for (RedisUrl seed : list.seeds()) {
            RedisURI lettuce = RedisURI.create(seed.text());
            assertThat(new String(lettuce.getCredentialsProvider()
                            .resolveCredentials()
                            .block()
                            .getPassword()))
                    .isEqualTo("s cret");
            assertThat(seed.isSeedList()).isFalse();
        }
        assertThat(list.host()).isEqualTo("h1");
        assertThat(list.port()).isEqualTo(7000);
        assertThat(list.password()).contains("s cret");
        assertThat(list.masked()).isEqualTo("redis://arena:***@h1:7000,h2:7001,h3:7002/0?timeout=5s");
        assertThat(list.endpoint()).isEqualTo("h1:7000,h2:7001,h3:7002/0");
        assertThat(RedisUrl.parse(list.withPassword("new")).seeds())
                .allSatisfy(s -> assertThat(s.password()).contains("new"));
    }

    @Test
    void singleNodeUrlIsItsOwnSeed() {
        RedisUrl one = RedisUrl.parse("redis://:pw@h:7000/0");
        assertThat(one.isSeedList()).isFalse();
        assertThat(one.seeds()).containsExactly(one);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "redis://:zQ9secret@h1:7000,/0",
                "redis://:zQ9secret@h1:7000,,h2:7001",
                "redis://:zQ9secret@h1:7000,h2:99999"
            })
    void badSeedIsRefusedWithoutTheSecret(String url) {
        assertThatThrownBy(() -> RedisUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("zQ9secret");
    }
}
