package dev.arena.tui.panel;

/** Draws a series as block characters scaled to the series' own maximum: {@code ▁▂▄█}. */
final class Sparkline {

    private static final char[] BARS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {}

    /**
     * The newest {@code width} values (oldest left), right-aligned and padded with spaces when
     * there are fewer. All-zero series draw the lowest bar; negatives count as zero.
     */
    static String render(double[] values, int width) {
        if (width <= 0) {
            return "";
        }
        int n = Math.min(width, values.length);
        int from = values.length - n;
        double max = 0;
        for (int i = from; i < values.length; i++) {
            max = Math.max(max, values[i]);
        }
        StringBuilder sb = new StringBuilder(width);
        sb.append(" ".repeat(width - n));
        for (int i = from; i < values.length; i++) {
            double v = Math.max(0, values[i]);
            int level = max <= 0 ? 0 : (int) Math.round(v / max * (BARS.length - 1));
            sb.append(BARS[Math.min(BARS.length - 1, level)]);
        }
        return sb.toString();
    }
}
