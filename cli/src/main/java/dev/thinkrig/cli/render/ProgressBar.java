package dev.thinkrig.cli.render;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The text of one redrawn progress line on a terminal: a bar, bytes done of total, the smoothed rate and the time left
 * ({@code ollama/ollama:0.32.4 [#########...........] 412.3 MB/1.02 GB  38.2 MB/s  0:16 left}). Pure: the caller
 * measures the rate ({@link TransferRate}) and writes the line.
 */
public final class ProgressBar {

    /** Characters inside the brackets: room for the numbers on an 80-column terminal. */
    static final int BAR_WIDTH = 20;

    private ProgressBar() {}

    /**
     * A download's line. An unknown {@code total} (0 or less) gives no bar and no time left, only what arrived and the
     * rate; {@code done == total} says done instead of a time.
     */
    public static String line(String label, long done, long total, OptionalDouble bytesPerSecond, int width) {
        String rate = bytesPerSecond.isPresent() ? "  " + size(Math.round(bytesPerSecond.getAsDouble())) + "/s" : "";
        String tail;
        if (total <= 0) {
            tail = " " + size(done) + rate;
        } else if (done >= total) {
            tail = " " + bar(1.0) + " " + size(total) + "  done";
        } else {
            String left = bytesPerSecond.isPresent() && bytesPerSecond.getAsDouble() > 0
                    ? "  " + clock((total - done) / bytesPerSecond.getAsDouble()) + " left"
                    : "";
            tail = " " + bar((double) done / total) + " " + size(done) + "/" + size(total) + rate + left;
        }
        return fit(label, tail, width);
    }

    /** A line for progress known only as a fraction (vLLM's checkpoint shards): the bar and the percentage. */
    public static String fractionLine(String label, double fraction, int width) {
        return fit(label, String.format(Locale.ROOT, " %s %3d%%", bar(fraction), Math.round(fraction * 100)), width);
    }

    /** {@code [#####...............]} for {@code fraction} of {@link #BAR_WIDTH}, clamped to 0..1. */
    static String bar(double fraction) {
        double f = Double.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
        int filled = (int) Math.floor(f * BAR_WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    }

    /** Decimal units as registries and Ollama print sizes: {@code 912 kB}, {@code 412.3 MB}, {@code 1.02 GB}. */
    public static String size(long bytes) {
        if (bytes >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
        }
        if (bytes >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        if (bytes >= 1_000L) {
            return String.format(Locale.ROOT, "%d kB", bytes / 1000);
        }
        return bytes + " B";
    }

    /** {@code 0:16}, {@code 12:05}, {@code 1:02:03}; {@code --:--} beyond 100 hours (a stalled transfer). */
    static String clock(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0 || seconds >= 360_000) {
            return "--:--";
        }
        long s = (long) Math.ceil(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** The label, shortened in the middle when the line would not fit in {@code width} columns; the numbers stay. */
    static String fit(String label, String tail, int width) {
        int room = width - tail.length();
        if (label.length() <= room) {
            return label + tail;
        }
        if (room < 5) {
            return (label + tail).substring(0, Math.max(0, width));
        }
        int keep = room - 3;
        return label.substring(0, keep - keep / 2) + "..." + label.substring(label.length() - keep / 2) + tail;
    }
}
