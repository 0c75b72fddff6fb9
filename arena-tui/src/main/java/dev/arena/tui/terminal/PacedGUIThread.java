package dev.arena.tui.terminal;

import com.googlecode.lanterna.gui2.AbstractTextGUIThread;
import com.googlecode.lanterna.gui2.AsynchronousTextGUIThread;
import com.googlecode.lanterna.gui2.TextGUI;
import com.googlecode.lanterna.gui2.TextGUIThread;
import com.googlecode.lanterna.gui2.TextGUIThreadFactory;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowBasedTextGUI;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lanterna's separate GUI thread, but waiting on a signal when there is nothing to do instead of
 * Lanterna's 1 ms sleep-poll: a task handed over with {@link #invokeLater} (a refresh result, a
 * finished triage) or {@link #stop} wakes it at once. Lanterna tells nobody when a key arrives (and
 * a blocking read would hold the virtual terminal's lock), so the keyboard alone is still looked
 * at every {@link #KEY_POLL}: keys feel instant while an idle console costs a small fraction of a
 * core. When the terminal fails or the thread stops, every window is closed so whoever waits for
 * the console to quit is released.
 */
public final class PacedGUIThread extends AbstractTextGUIThread implements AsynchronousTextGUIThread {

    /** How often an idle console looks at the keyboard (and a resized terminal). */
    static final Duration KEY_POLL = Duration.ofMillis(10);

    private static final Logger LOG = LoggerFactory.getLogger(PacedGUIThread.class);

    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile State state = State.CREATED;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean wakeup;

    private PacedGUIThread(TextGUI gui) {
        super(gui);
        this.thread = new Thread(this::loop, "arena-console-gui");
        thread.setDaemon(true);
    }

    /** Creates the paced thread for a GUI. */
    public static final class Factory implements TextGUIThreadFactory {
        @Override
        public TextGUIThread createTextGUIThread(TextGUI gui) {
            return new PacedGUIThread(gui);
        }
    }

    @Override
    public void start() {
        state = State.STARTED;
        thread.start();
    }

    @Override
    public void stop() {
        if (state == State.STARTED) {
            state = State.STOPPING;
        }
        wake();
    }

    @Override
    public void waitForStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void waitForStop(long time, TimeUnit unit) throws InterruptedException {
        stopped.await(time, unit);
    }

    @Override
    public State getState() {
        return state;
    }

    @Override
    public Thread getThread() {
        return thread;
    }

    @Override
    public void invokeLater(Runnable runnable) {
        if (state == State.STOPPED) {
            throw new IllegalStateException("the console GUI thread has stopped");
        }
        super.invokeLater(runnable);
        wake();
    }

    private void wake() {
        lock.lock();
        try {
            wakeup = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a task or a stop, at most {@link #KEY_POLL} (then the keyboard is looked at again). */
    private void idle() throws InterruptedException {
        lock.lock();
        try {
            long left = KEY_POLL.toNanos();
            while (!wakeup && left > 0) {
                left = woken.awaitNanos(left);
            }
            wakeup = false;
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        try {
            textGUI.updateScreen();
            while (state == State.STARTED) {
                boolean busy;
                try {
                    busy = processEventsAndUpdate();
                } catch (IOException e) {
                    LOG.debug("terminal I/O failed, stopping the console", e);
                    break;
                } catch (RuntimeException e) {
                    LOG.warn("console GUI error: {}", e.toString(), e);
                    busy = true;
                }
                if (!busy) {
                    idle();
                }
            }
        } catch (IOException e) {
            LOG.debug("terminal I/O failed at start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            state = State.STOPPED;
            if (textGUI instanceof WindowBasedTextGUI w) {
                for (Window win : new ArrayList<>(w.getWindows())) {
                    try {
                        win.close();
                    } catch (RuntimeException e) {
                        LOG.debug("closing a window at stop", e);
                    }
                }
            }
            stopped.countDown();
        }
    }
}
