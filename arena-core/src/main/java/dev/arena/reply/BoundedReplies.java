package dev.arena.reply;

import dev.arena.error.ArenaException;
import dev.arena.error.BackendUnavailableException;
import dev.arena.time.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Waits for a backend's replies, each wait bounded, and turns every way a wait can fail into one
 * {@link BackendUnavailableException} naming the backend and the command: no reply in time, the
 * waiting thread interrupted (the flag is restored), or the reply failed (the cause chained). A
 * failure that already is an {@link ArenaException} (a broker's own verdict, such as an unknown
 * run) is rethrown as it is. Thread-safe; deadlines are read from the {@link Ticker} given.
 */
public final class BoundedReplies {

    private final String backend;
    private final Duration timeout;
    private final Ticker ticker;
    private final Function<Throwable, String> explain;

    /**
     * @param backend what answers, as shown to a person ({@code "Redis"})
     * @param timeout the longest wait of {@link #await} and of a whole {@link #batch}
     * @param explain why the backend failed and what to check, from the reply's failure (a
     *                {@link TimeoutException} when none came in time); must not reveal a password
     */
    public BoundedReplies(String backend, Duration timeout, Ticker ticker, Function<Throwable, String> explain) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.explain = Objects.requireNonNull(explain, "explain");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** Replies of {@code backend} explained by the failure's own message (which must carry no secret). */
    public BoundedReplies(String backend, Duration timeout, Ticker ticker) {
        this(backend, timeout, ticker, BoundedReplies::rootMessage);
    }

    /** The longest single wait. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The value of {@code reply}, waiting at most {@link #timeout()}.
     *
     * @param what the command, for the message (e.g. {@code "XRANGE arena:run:…:events"})
     * @throws BackendUnavailableException no reply in time, interrupted, or the reply failed
     */
    public <T> T await(String what, CompletionStage<T> reply) {
        return batch().await(what, reply);
    }

    /** A batch of replies (pipelined commands) that share one deadline, {@link #timeout()} from now. */
    public Batch batch() {
        return new Batch(ticker.nanos() + timeout.toNanos());
    }

    /** Replies awaited against one deadline; each {@link #await} waits only for what is left of it. */
    public final class Batch {
        private final long deadline;

        private Batch(long deadline) {
            this.deadline = deadline;
        }

        /**
         * The value of {@code reply}, waiting at most until this batch's deadline (an already
         * completed reply is read even after it).
         *
         * @throws BackendUnavailableException no reply by the deadline, interrupted, or the reply failed
         */
        public <T> T await(String what, CompletionStage<T> reply) {
            try {
                long left = Math.max(1, deadline - ticker.nanos());
                return reply.toCompletableFuture().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendUnavailableException(
                        backend,
                        "interrupted while waiting for " + backend + " (" + what
                                + "); the command may or may not have run",
                        e);
            } catch (ExecutionException | CancellationException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof ArenaException arena) {
                    throw arena;
                }
                throw new BackendUnavailableException(backend, what + " failed: " + explain.apply(cause), cause);
            } catch (TimeoutException e) {
                TimeoutException late = new TimeoutException("no reply within " + timeout.toMillis() + " ms");
                throw new BackendUnavailableException(backend, what + " failed: " + explain.apply(late), late);
            }
        }
    }

    /** The innermost message of {@code failure}'s chain (its class name when none has one). */
    public static String rootMessage(Throwable failure) {
        String message = failure.getMessage() != null
                ? failure.getMessage()
                : failure.getClass().getSimpleName();
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }
}
