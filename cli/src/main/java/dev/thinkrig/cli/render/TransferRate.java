package dev.thinkrig.cli.render;

import java.util.OptionalDouble;

/**
 * A transfer rate smoothed over the last few seconds (an exponential moving average weighted by time), so the rate and
 * the time left on a progress line do not jump with every chunk. Pure: the caller passes the clock.
 */
public final class TransferRate {

    /**
     * The averaging horizon: a sample {@code dt} seconds long weighs {@code 1 - exp(-dt / TAU)}, so the rate follows a
     * real change within a few seconds while single bursty chunks (registry layers arrive in bursts) barely move it.
     */
    static final double TAU_SECONDS = 3.0;

    /** Samples closer together than this are merged: a 1 ms sample of one chunk would read as gigabytes a second. */
    static final long MIN_SAMPLE_NANOS = 200_000_000L;

    private long lastBytes = -1;
    private long lastNanos;
    private double rate = Double.NaN;

    /** Records that {@code bytes} in all have arrived at {@code nanos}; fewer bytes than before start over. */
    public void update(long bytes, long nanos) {
        if (lastBytes < 0 || bytes < lastBytes) {
            lastBytes = bytes;
            lastNanos = nanos;
            rate = Double.NaN;
            return;
        }
        long dt = nanos - lastNanos;
        if (dt < MIN_SAMPLE_NANOS) {
            return;
        }
        double seconds = dt / 1e9;
        double sample = (bytes - lastBytes) / seconds;
        rate = Double.isNaN(rate) ? sample : rate + (1 - Math.exp(-seconds / TAU_SECONDS)) * (sample - rate);
        lastBytes = bytes;
        lastNanos = nanos;
    }

    /** Bytes per second, once two samples at least {@link #MIN_SAMPLE_NANOS} apart have been seen. */
    public OptionalDouble bytesPerSecond() {
        return Double.isNaN(rate) ? OptionalDouble.empty() : OptionalDouble.of(rate);
    }
}
