package dev.thinkrig.cli.render;

import dev.thinkrig.sizing.DataSize;
import java.util.Locale;

/** Small formatting helpers for people-facing output. */
public final class Text {

    static final int BAR_WIDTH = 40;

    private Text() {}

    public static String tokens(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * The machines a plan runs on: the hardware's name for one, "2 nodes, each 8 x NVIDIA H100" for several (it read "on 2
     * x NVIDIA H100", as if the two were GPUs of one machine).
     */
    public static String machines(int nodes, String hardwareName) {
        return nodes > 1 ? nodes + " nodes, each " + hardwareName : hardwareName;
    }

    /** "1 token", "2,048 tokens": a count with its noun, singular for one. */
    public static String count(long n, String noun) {
        return tokens(n) + " " + (n == 1 ? noun : noun + "s");
    }

    public static String rate(double tokensPerSecond) {
        if (!Double.isFinite(tokensPerSecond)) {
            return "unknown";
        }
        return tokensPerSecond >= 100
                ? String.format(Locale.ROOT, "%,.0f tok/s", tokensPerSecond)
                : String.format(Locale.ROOT, "%.1f tok/s", tokensPerSecond);
    }

    /** {@code 42 s}, {@code 12 min 40 s}, {@code 2 h 05 min}; "unknown" for NaN. */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "unknown";
        }
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** {@code [##########..........]} for {@code used} of {@code capacity}; '!' marks the part over capacity. */
    public static String bar(DataSize used, DataSize capacity) {
        double ratio = capacity.bytes() == 0 ? 1 : (double) used.bytes() / capacity.bytes();
        int filled = (int) Math.round(Math.min(1, ratio) * BAR_WIDTH);
        StringBuilder s = new StringBuilder("[");
        s.append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append(']');
        if (ratio > 1) {
            s.append("!!");
        }
        return s.toString();
    }

    public static String percent(DataSize used, DataSize capacity) {
        return capacity.bytes() == 0
                ? "-"
                : String.format(Locale.ROOT, "%.0f%%", 100.0 * used.bytes() / capacity.bytes());
    }
}
