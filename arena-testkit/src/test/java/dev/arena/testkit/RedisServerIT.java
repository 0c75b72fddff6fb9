package dev.arena.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A Redis fixture is ready only when the redis-server it started answers: a port that another
 * redis-server holds is never taken for the fixture's own.
 */
class RedisServerIT {

    @Test
    void aPortAnsweredByAnotherRedisServer_isNotTakenForTheOneStarted() {
        try (RedisServer holder = RedisServer.startNew()) {
            assertThatThrownBy(() -> RedisServer.builder().port(holder.port()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + holder.port());
            assertThat(holder.command("PING"))
                    .as("the holder still serves its port")
                    .isEqualTo("+PONG");
        }
    }
}
