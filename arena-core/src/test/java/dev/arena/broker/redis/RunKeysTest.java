package dev.arena.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.RunId;
import org.junit.jupiter.api.Test;

class RunKeysTest {

    private static final RunId RUN = RunId.parse("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d");

    @Test
    void keysCarryTheRunsHashTag_soTheyShareOneClusterSlot() {
        RunKeys keys = RunKeys.of(RUN);
        assertThat(keys.open).isEqualTo("arena:run:{3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d}:open");
        assertThat(keys.seq).isEqualTo("arena:run:{3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d}:seq");
        assertThat(keys.events).isEqualTo("arena:run:{3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d}:events");
        assertThat(keys.scriptKeys()).allMatch(k -> k.contains("{" + RUN.value() + "}"));
    }

    @Test
    void runOf_readsTheIdBack_andIgnoresAnythingElse() {
        assertThat(RunKeys.runOf(RunKeys.of(RUN).open)).isEqualTo(RUN);
        assertThat(RunKeys.runOf("arena:run:{not-a-uuid}:open")).isNull();
        assertThat(RunKeys.runOf("arena:run:{3F2B8C1E-9A4D-4E7B-8C21-5D6F7A8B9C0D}:open"))
                .isNull();
        assertThat(RunKeys.runOf("arena:stats:published")).isNull();
        assertThat(RunKeys.runOf("arena:run:{3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d"))
                .isNull();
        assertThat(RunKeys.runOf(null)).isNull();
    }

    @Test
    void seqOf_readsTheSeqOfAStreamEntryId() {
        assertThat(RunKeys.seqOf("42-0")).isEqualTo(42);
        assertThat(RunKeys.seqOf("1")).isEqualTo(1);
    }
}
