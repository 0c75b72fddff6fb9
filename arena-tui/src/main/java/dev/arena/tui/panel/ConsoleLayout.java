package dev.arena.tui.panel;

import com.googlecode.lanterna.TerminalSize;

/**
 * Where each panel goes for a terminal size. From 80×24 up: header (3 rows), metrics (4), open
 * runs, then stream detail beside fork tasks, the audit/log tail and the key bar (1). Extra height
 * goes mostly to the runs table; below 80×24 the console shows only a "too small" message.
 */
record ConsoleLayout(Rect header, Rect metrics, Rect runs, Rect stream, Rect forks, Rect log, Rect bar) {

    static final int MIN_COLUMNS = 80;
    static final int MIN_ROWS = 24;

    /** A rectangle of the screen. */
    record Rect(int col, int row, int width, int height) {}

    static boolean fits(TerminalSize size) {
        return size.getColumns() >= MIN_COLUMNS && size.getRows() >= MIN_ROWS;
    }

    /**
     * @throws IllegalArgumentException when the size is below 80×24 (check {@link #fits} first)
     */
    static ConsoleLayout of(TerminalSize size) {
        if (!fits(size)) {
            throw new IllegalArgumentException("terminal " + size + " is below 80x24");
        }
        int w = size.getColumns();
        int h = size.getRows();
        int headerH = 3;
        int metricsH = 4;
        int barH = 1;
        int remain = h - headerH - metricsH - barH;
        int logH = Math.max(4, remain * 2 / 9);
        int midH = Math.max(5, remain * 3 / 10);
        int runsH = remain - logH - midH;
        int row = 0;
        Rect header = new Rect(0, row, w, headerH);
        row += headerH;
        Rect metrics = new Rect(0, row, w, metricsH);
        row += metricsH;
        Rect runs = new Rect(0, row, w, runsH);
        row += runsH;
        int streamW = w / 2;
        Rect stream = new Rect(0, row, streamW, midH);
        Rect forks = new Rect(streamW, row, w - streamW, midH);
        row += midH;
        Rect log = new Rect(0, row, w, logH);
        row += logH;
        Rect bar = new Rect(0, row, w, barH);
        return new ConsoleLayout(header, metrics, runs, stream, forks, log, bar);
    }
}
