package dev.arena.tui.state;

import dev.arena.broker.RunId;
import dev.arena.tui.source.RunRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The view model of the open-runs panel: verdicts, sort order, the {@code /} filter, the
 * selection (the top, worst run until the operator moves; then kept on the same run across
 * refreshes, or on the row where it was when that run left) and scrolling. Problems (orphan,
 * stalled) are pinned to the top in every sort order; the default order is by start time, oldest
 * first, so a refresh never reorders rows whose verdict did not change. Recomputed only when data,
 * sort or filter change; drawing reads a window of it, so 10k runs cost little per frame.
 * Not thread-safe: confined to the GUI thread.
 */
public final class RunsTable {

    /** Sort orders, cycled with {@code s}. */
    public enum Sort {
        /** Problems by severity, then every other run by start time, oldest first (the default). */
        VERDICT,
        IDLE,
        LENGTH,
        STARTED,
        ID;

        Sort next() {
            return values()[(ordinal() + 1) % values().length];
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One displayed row. */
    public record Row(RunRow run, RunVerdict verdict, Duration idle) {}

    private final RunVerdict.Rules rules;
    private List<RunRow> all = List.of();
    private List<Row> rows = List.of();
    private String filter = "";
    private Sort sort = Sort.VERDICT;
    private RunId selected;
    private boolean moved;
    private int selectedAt;
    private int scroll;

    RunsTable(RunVerdict.Rules rules) {
        this.rules = rules;
    }

    /**
     * Replaces the data.
     *
     * @param endedForkChildren children of fork tasks that are no longer running
     */
    void update(List<RunRow> runs, Instant now, boolean redisBackend, Set<RunId> endedForkChildren) {
        this.all = List.copyOf(runs);
        List<Row> out = new ArrayList<>(all.size());
        String f = filter;
        for (RunRow r : all) {
            RunVerdict v = rules.classify(r, now, redisBackend, endedForkChildren.contains(r.runId()));
            Row row = new Row(r, v, r.detailed() ? RunVerdict.idle(r, now) : null);
            if (matches(row, f)) {
                out.add(row);
            }
        }
        out.sort(comparator(sort));
        rows = out;
        keepSelection();
    }

    private void recompute(Instant now, boolean redisBackend, Set<RunId> endedForkChildren) {
        update(all, now, redisBackend, endedForkChildren);
    }

    void setFilter(String text, Instant now, boolean redisBackend, Set<RunId> ended) {
        filter = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        scroll = 0;
        recompute(now, redisBackend, ended);
    }

    void cycleSort(Instant now, boolean redisBackend, Set<RunId> ended) {
        setSort(sort.next(), now, redisBackend, ended);
    }

    void setSort(Sort s, Instant now, boolean redisBackend, Set<RunId> ended) {
        sort = s;
        recompute(now, redisBackend, ended);
    }

    public String filter() {
        return filter;
    }

    public Sort sort() {
        return sort;
    }

    public List<Row> rows() {
        return rows;
    }

    public int totalCount() {
        return all.size();
    }

    /** The selected row, or null when the (filtered) table is empty. */
    Row selectedRow() {
        int i = selectedIndex();
        return i < 0 ? null : rows.get(i);
    }

    RunId selectedRun() {
        Row r = selectedRow();
        return r == null ? null : r.run().runId();
    }

    void select(RunId run) {
        selected = run;
        moved = true;
        keepSelection();
    }

    void move(int delta) {
        if (rows.isEmpty()) {
            return;
        }
        int i = Math.max(0, selectedIndex());
        int next = Math.max(0, Math.min(rows.size() - 1, i + delta));
        selected = rows.get(next).run().runId();
        selectedAt = next;
        moved = true;
    }

    /** First row index to draw so the selection is visible in {@code height} rows. */
    public int scrollFor(int height) {
        int sel = Math.max(0, selectedIndex());
        if (height <= 0) {
            return 0;
        }
        if (sel < scroll) {
            scroll = sel;
        } else if (sel >= scroll + height) {
            scroll = sel - height + 1;
        }
        scroll = Math.max(0, Math.min(scroll, Math.max(0, rows.size() - height)));
        return scroll;
    }

    public int selectedIndex() {
        if (rows.isEmpty()) {
            return -1;
        }
        return Math.max(0, indexOf(selected));
    }

    private int indexOf(RunId run) {
        if (run != null) {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).run().runId().equals(run)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private void keepSelection() {
        if (rows.isEmpty()) {
            return;
        }
        if (!moved) {
            selected = rows.get(0).run().runId(); // the worst run, until the operator moves
            selectedAt = 0;
            return;
        }
        int i = indexOf(selected);
        if (i < 0) { // the selected run left (ended, filtered out): stay on the row where it was
            i = Math.min(selectedAt, rows.size() - 1);
        }
        selected = rows.get(i).run().runId();
        selectedAt = i;
    }

    /** How many rows are problems pinned to the top (orphan or stalled). */
    public int pinnedCount() {
        int n = 0;
        while (n < rows.size() && pinned(rows.get(n).verdict())) {
            n++;
        }
        return n;
    }

    private static boolean pinned(RunVerdict v) {
        return v == RunVerdict.ORPHAN || v == RunVerdict.STALLED;
    }

    private static boolean matches(Row row, String f) {
        if (f.isEmpty()) {
            return true;
        }
        RunRow r = row.run();
        return r.runId().value().contains(f)
                || (r.parentRunId() != null && r.parentRunId().value().contains(f))
                || (r.status() != null && r.status().contains(f))
                || row.verdict().name().toLowerCase(Locale.ROOT).contains(f);
    }

    private static Comparator<Row> comparator(Sort sort) {
        Comparator<Row> byIdleDesc =
                Comparator.comparing(Row::idle, Comparator.nullsLast(Comparator.<Duration>reverseOrder()));
        Comparator<Row> byId = Comparator.comparing(r -> r.run().runId());
        Comparator<Row> byStart = Comparator.comparing(
                (Row r) -> r.run().startedAt(), Comparator.nullsLast(Comparator.<Instant>naturalOrder()));
        // Problems first, worst first; within them and below them the order the operator chose.
        Comparator<Row> problemsFirst =
                Comparator.comparingInt((Row r) -> pinned(r.verdict()) ? severity(r.verdict()) : Integer.MAX_VALUE);
        Comparator<Row> key =
                switch (sort) {
                    case VERDICT -> byStart.thenComparing(byId); // stable: idle times move, start times do not
                    case IDLE -> byIdleDesc.thenComparing(byId);
                    case LENGTH ->
                        Comparator.comparing(
                                        (Row r) -> r.run().length(),
                                        Comparator.nullsLast(Comparator.<Long>reverseOrder()))
                                .thenComparing(byId);
                    case STARTED ->
                        Comparator.comparing(
                                        (Row r) -> r.run().startedAt(),
                                        Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
                                .thenComparing(byId);
                    case ID -> byId;
                };
        return problemsFirst.thenComparing(key);
    }

    private static int severity(RunVerdict v) {
        return switch (v) {
            case ORPHAN -> 0;
            case STALLED -> 1;
            case SLOW -> 2;
            case HEALTHY -> 3;
            case UNKNOWN -> 4;
        };
    }
}
