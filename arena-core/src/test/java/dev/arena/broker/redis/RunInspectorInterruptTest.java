package dev.arena.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.RunId;
import dev.arena.error.BackendUnavailableException;
import dev.arena.reply.BoundedReplies;
import dev.arena.time.Ticker;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A thread interrupted while the inspector waits for Redis gets the failure and keeps its interrupt flag. */
class RunInspectorInterruptTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void interruptedWhileWaitingForXinfo_failsAndKeepsTheInterruptFlag() {
        RunInspector inspector = new RunInspector(
                silentRedis(), new BoundedReplies("Redis", Duration.ofMinutes(1), Ticker.system()), run -> 0);

        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> inspector.run(RunId.random()))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("interrupted");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    /** Commands whose replies never come. */
    @SuppressWarnings("unchecked")
    private static RedisClusterAsyncCommands<String, String> silentRedis() {
        return (RedisClusterAsyncCommands<String, String>) Proxy.newProxyInstance(
                RunInspectorInterruptTest.class.getClassLoader(),
                new Class<?>[] {RedisClusterAsyncCommands.class},
                (proxy, method, args) ->
                        new AsyncCommand<>(new Command<>(CommandType.PING, new StatusOutput<>(StringCodec.UTF8))));
    }
}
