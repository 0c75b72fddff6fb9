package dev.arena.broker.redis;

import dev.arena.broker.BrokerException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for one command on the shared connection (bounded) and translates any Redis failure into
 * a {@link BrokerException} naming the command and the masked URL — the one place Lettuce's
 * exceptions become the broker's.
 */
final class RedisCalls {

    private final RedisConnector connector;

    RedisCalls(RedisConnector connector) {
        this.connector = connector;
    }

    <T> T await(String what, CompletionStage<T> reply) {
        try {
            return reply.toCompletableFuture().get(RedisConnector.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while waiting for Redis (" + what + ")", e);
        } catch (ExecutionException e) {
            throw failure(what, e.getCause());
        } catch (TimeoutException e) {
            throw failure(what, new TimeoutException("no reply within " + RedisConnector.COMMAND_TIMEOUT.toMillis() + " ms"));
        }
    }

    BrokerException failure(String what, Throwable cause) {
        BrokerException base = connector.failure(cause);
        return new BrokerException(what + ": " + base.getMessage(), cause);
    }
}
