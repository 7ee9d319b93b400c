package dev.thinkrig.sizing;

import java.util.Locale;
import java.util.Map;

/** Dense matrix throughput in floating-point operations per second. */
public record Compute(double flopsPerSecond) {

    private static final Map<String, Double> UNITS =
            Map.of("tflops", 1e12, "pflops", 1e15, "gflops", 1e9, "flops", 1.0);

    public Compute {
        if (!(flopsPerSecond > 0) || Double.isInfinite(flopsPerSecond)) {
            throw new IllegalArgumentException("compute must be positive: " + flopsPerSecond);
        }
    }

    public static Compute ofTflops(double teraflops) {
        return new Compute(teraflops * 1e12);
    }

    /** Parses {@code "165 TFLOPS"}. */
    public static Compute parse(String text) {
        return new Compute(Units.parse(text, UNITS, "compute", "165 TFLOPS"));
    }

    public double tflops() {
        return flopsPerSecond / 1e12;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f TFLOPS", tflops());
    }
}
