package dev.arena.testkit;

/**
 * The one-time clean-up of a fixture that starts processes outliving a careless test (a
 * daemonised postmaster, cluster nodes): runs at {@link #run()} or, if nobody called it, when the
 * JVM shuts down. Idempotent.
 */
final class Teardown {

    private final Runnable action;
    private final Thread hook;
    private boolean done;

    Teardown(String name, Runnable action) {
        this.action = action;
        this.hook = new Thread(this::runOnce, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Runs the clean-up now (once) and forgets the shutdown hook. */
    void run() {
        runOnce();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing left to undo
        }
    }

    private synchronized void runOnce() {
        if (!done) {
            done = true;
            action.run();
        }
    }
}
