package dev.arena.testkit;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded polling for a fixture's start-up and state changes (a server answering, a cluster
 * converging), where there is nothing to subscribe to. Polls with a short back-off until the check
 * is met or the deadline passes, then fails saying what was still unmet and why.
 */
final class Polling {

    /** One look at the state: null when the awaited condition holds, else what is still missing. */
    @FunctionalInterface
    interface Check {
        String unmet() throws Exception;
    }

    private static final long BACKOFF_MILLIS = 20;
    private static final long MAX_BACKOFF_MILLIS = 100;

    private Polling() {
    }

    /**
     * Polls {@code check} until it returns null.
     *
     * @param what        what is awaited, for the failure message ("redis-server on port 1234 answering PING")
     * @param diagnostics extra text for the failure message (e.g. the server logs), read only on failure
     * @throws IllegalStateException when the deadline passes or {@code check} reports a fatal state
     *                               by throwing {@link Fatal}; the last exception thrown by the check is chained
     */
    static void await(Duration timeout, String what, Check check, Supplier<String> diagnostics) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String unmet = "not checked yet";
        Exception last = null;
        long backoff = BACKOFF_MILLIS;
        while (true) {
            try {
                unmet = check.unmet();
                if (unmet == null) {
                    return;
                }
                last = null;
            } catch (Fatal e) {
                throw new IllegalStateException(what + " failed: " + e.getMessage() + "\n" + diagnostics.get(), e);
            } catch (Exception e) {
                unmet = e.getMessage();
                last = e;
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException(what + " not reached after " + timeout.toMillis() + " ms: " + unmet
                        + "\n" + diagnostics.get(), last);
            }
            try {
                // The back-off between two looks at a process we cannot subscribe to, not a wait for an outcome.
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
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
