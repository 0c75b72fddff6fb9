package dev.arena.testkit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.pollinterval.IterativePollInterval;

/**
 * Bounded polling for a fixture's start-up and state changes (a server answering, a cluster
 * converging), where there is nothing to subscribe to. Awaitility polls with a short back-off
 * (20 ms doubling to 100 ms) until the check is met or the deadline passes; the failure then says
 * what was still unmet and why.
 */
final class Polling {

    /** One look at the state: null when the awaited condition holds, else what is still missing. */
    @FunctionalInterface
    interface Check {
        String unmet() throws Exception;
    }

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(20);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(100);

    private Polling() {}

    /**
     * Polls {@code check} until it returns null.
     *
     * @param what        what is awaited, for the failure message ("redis-server on port 1234 answering PING")
     * @param diagnostics extra text for the failure message (e.g. the server logs), read only on failure
     * @throws IllegalStateException when the deadline passes or {@code check} reports a fatal state
     *                               by throwing {@link Fatal}; the last exception thrown by the check is chained
     */
    static void await(Duration timeout, String what, Check check, Supplier<String> diagnostics) {
        AtomicReference<String> unmet = new AtomicReference<>("not checked yet");
        AtomicReference<Exception> last = new AtomicReference<>();
        try {
            Awaitility.await(what)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInSameThread()
                    .pollInterval(IterativePollInterval.iterative(
                            d -> d.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d.multipliedBy(2),
                            FIRST_BACKOFF))
                    .until(() -> {
                        try {
                            unmet.set(check.unmet());
                            last.set(null);
                        } catch (Fatal e) {
                            throw e;
                        } catch (Exception e) {
                            unmet.set(e.getMessage());
                            last.set(e);
                        }
                        return unmet.get() == null;
                    });
        } catch (Fatal e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage() + "\n" + diagnostics.get(), e);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    what + " not reached after " + timeout.toMillis() + " ms: " + unmet.get() + "\n"
                            + diagnostics.get(),
                    last.get());
        }
    }

    /** Thrown by a check when waiting longer cannot help (e.g. the server process exited). */
    static final class Fatal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Fatal(String message) {
            super(message);
        }
    }
}
