package dev.arena.tui.source;

import dev.arena.broker.RunId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Chooses which runs get fresh statistics in one refresh: the runs on screen first, then the
 * others in turn (a cursor that moves on each refresh), never more than the budget. So 10k open
 * runs cost the same per refresh as 40, and every run is revisited within a few refreshes.
 * Not thread-safe: one refresher thread uses it.
 */
final class ScanBudget {

    private int cursor;

    List<RunId> choose(List<RunId> all, List<RunId> priority, int budget) {
        Set<RunId> present = new LinkedHashSet<>(all);
        Set<RunId> out = new LinkedHashSet<>();
        for (RunId p : priority) {
            if (out.size() >= budget) {
                break;
            }
            if (present.contains(p)) {
                out.add(p);
            }
        }
        int n = all.size();
        if (n == 0) {
            return new ArrayList<>(out);
        }
        int start = cursor % n;
        int visited = 0;
        int i = start;
        while (out.size() < budget && visited < n) {
            out.add(all.get(i));
            i = (i + 1) % n;
            visited++;
        }
        cursor = i;
        return new ArrayList<>(out);
    }
}
