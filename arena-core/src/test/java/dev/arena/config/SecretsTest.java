package dev.arena.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void maskUrl_hidesPasswordKeepsHostAndUser() {
        assertThat(Secrets.maskUrl("redis://:s3cret@redis.internal:6379/0"))
                .isEqualTo("redis://:***@redis.internal:6379/0");
        assertThat(Secrets.maskUrl("redis://arena:s3cret@h:1/0")).isEqualTo("redis://arena:***@h:1/0");
        assertThat(Secrets.maskUrl("redis://h:1/0")).isEqualTo("redis://h:1/0");
    }

    @Test
    void maskUrl_unparseableUrlIsMaskedWhole() {
        assertThat(Secrets.maskUrl("redis://:pa ss@h:1/0")).doesNotContain("pa ss");
    }

    @Test
    void scrub_removesEverySecretOccurrence_plainAndUrlEncoded() {
        String text = "AUTH p@ss/w0rd failed; url redis://:p%40ss%2Fw0rd@h:1";
        assertThat(Secrets.scrub(text, "p@ss/w0rd"))
                .doesNotContain("p@ss/w0rd")
                .doesNotContain("p%40ss%2Fw0rd")
                .contains("***");
    }
}
