package dev.arena.tui.state;

import dev.arena.broker.RunId;
import dev.arena.wire.ForkTaskView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The view model of the fork-tasks panel: stuck tasks first, then slow ones, then running ones, then the newest.
 * The selection follows the top (worst) task until the operator moves it; from then on it stays on
 * the same task across refreshes. Not thread-safe: GUI thread only.
 */
public final class ForksList {

    private static final Comparator<ForkTaskView> ORDER = Comparator.comparing((ForkTaskView f) -> !f.stuck())
            .thenComparing(f -> !f.slow())
            .thenComparing(f -> !f.isRunning())
            .thenComparing(ForkTaskView::startedAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(ForkTaskView::name);

    private List<ForkTaskView> rows = List.of();
    private String selected;
    private boolean moved;
    private int scroll;

    void update(List<ForkTaskView> forks) {
        List<ForkTaskView> sorted = new ArrayList<>(forks);
        sorted.sort(ORDER);
        rows = List.copyOf(sorted);
        if ((!moved || selectedIndex() < 0) && !rows.isEmpty()) {
            selected = rows.get(0).name(); // until the operator moves, the worst (stuck) task is selected
        }
    }

    public List<ForkTaskView> rows() {
        return rows;
    }

    public long stuckCount() {
        return rows.stream().filter(ForkTaskView::stuck).count();
    }

    /** Children of tasks that are no longer running: an open child of one is an orphan. */
    Set<RunId> endedChildren() {
        Set<RunId> out = new HashSet<>();
        for (ForkTaskView f : rows) {
            if (!f.isRunning() && f.childRunId() != null && RunId.isValid(f.childRunId())) {
                out.add(RunId.parse(f.childRunId()));
            }
        }
        return out;
    }

    /** The task whose child is {@code run}, or null. */
    ForkTaskView byChild(RunId run) {
        for (ForkTaskView f : rows) {
            if (run != null && run.value().equals(f.childRunId())) {
                return f;
            }
        }
        return null;
    }

    public ForkTaskView selectedRow() {
        int i = selectedIndex();
        return i < 0 ? (rows.isEmpty() ? null : rows.get(0)) : rows.get(i);
    }

    public void move(int delta) {
        if (rows.isEmpty()) {
            return;
        }
        moved = true;
        int i = Math.max(0, selectedIndex());
        selected = rows.get(Math.max(0, Math.min(rows.size() - 1, i + delta))).name();
    }

    public int scrollFor(int height) {
        int sel = Math.max(0, selectedIndex());
        if (sel < scroll) {
            scroll = sel;
        } else if (height > 0 && sel >= scroll + height) {
            scroll = sel - height + 1;
        }
        scroll = Math.max(0, Math.min(scroll, Math.max(0, rows.size() - Math.max(1, height))));
        return scroll;
    }

    private int selectedIndex() {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).name().equals(selected)) {
                return i;
            }
        }
        return -1;
    }
}
