package dev.thinkrig.sizing.model;

/**
 * Sliding-window attention in some layers: those layers attend to the last {@code window} tokens only, so their cache
 * stops growing there. Layer {@code i} has full attention when {@code (i + 1) % period == 0}: period 2 is gpt-oss
 * (config.json layer_types: sliding, full, sliding, ...), period 6 Gemma 3 (five sliding layers, then one full).
 */
public record SlidingWindow(int window, int period) {

    public SlidingWindow {
        if (window <= 0) {
            throw new IllegalArgumentException("slidingWindow.window must be positive, was " + window);
        }
        if (period < 2) {
            throw new IllegalArgumentException("slidingWindow.period must be at least 2, was " + period);
        }
    }

    public boolean isFull(int layer) {
        return (layer + 1) % period == 0;
    }
}
