package dev.thinkrig.sizing;

import java.util.Locale;
import java.util.Map;

/** Memory bandwidth in bytes per second (decimal units, as vendors publish them). */
public record Bandwidth(double bytesPerSecond) {

    private static final Map<String, Double> UNITS =
            Map.of("gb/s", 1e9, "tb/s", 1e12, "mb/s", 1e6, "gib/s", (double) DataSize.GIB, "b/s", 1.0);

    public Bandwidth {
        if (!(bytesPerSecond > 0) || Double.isInfinite(bytesPerSecond)) {
            throw new IllegalArgumentException("a bandwidth must be positive: " + bytesPerSecond);
        }
    }

    public static Bandwidth ofGBps(double gigabytesPerSecond) {
        return new Bandwidth(gigabytesPerSecond * 1e9);
    }

    /** Parses {@code "1008 GB/s"} or {@code "3.35 TB/s"}. */
    public static Bandwidth parse(String text) {
        return new Bandwidth(Units.parse(text, UNITS, "bandwidth", "1008 GB/s"));
    }

    public double gbps() {
        return bytesPerSecond / 1e9;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.0f GB/s", gbps());
    }
}
