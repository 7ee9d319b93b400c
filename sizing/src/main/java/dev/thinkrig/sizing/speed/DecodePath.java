package dev.thinkrig.sizing.speed;

import java.util.List;

/**
 * What one decode step reads and computes, device by device along the critical path.
 *
 * <p>Layer-split engines (llama.cpp across GPUs) visit their stages one after another; tensor-parallel engines have a
 * single stage whose bytes are one rank's share, plus a communication latency per step.
 *
 * @param stages devices whose reads happen one after another within a step
 * @param efficiency fraction of the bandwidth bound the engine reaches on this platform
 * @param latencyPerStepSeconds fixed cost per step (tensor-parallel all-reduces)
 * @param flopsPerToken matrix work per generated token of one sequence ({@code 2 x active parameters})
 * @param expertShare share of the routed experts one token reads (top-k / experts; 1 for dense models)
 */
public record DecodePath(
        List<Stage> stages, double efficiency, double latencyPerStepSeconds, double flopsPerToken, double expertShare) {

    public DecodePath {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a decode path needs at least one stage");
        }
        if (!(efficiency > 0 && efficiency <= 1)) {
            throw new IllegalArgumentException("efficiency must be in (0, 1], was " + efficiency);
        }
        if (!(expertShare > 0 && expertShare <= 1)) {
            throw new IllegalArgumentException("expertShare must be in (0, 1], was " + expertShare);
        }
    }

    /** A dense model's path: every weight is read by every step. */
    public DecodePath(List<Stage> stages, double efficiency, double latencyPerStepSeconds, double flopsPerToken) {
        this(stages, efficiency, latencyPerStepSeconds, flopsPerToken, 1.0);
    }

    /**
     * One device's share of a step.
     *
     * @param weightBytes weights on the device, routed experts included
     * @param routedExpertBytes the part of {@code weightBytes} that is routed experts, read only in part
     * @param kvBytesPerContextToken KV bytes read per cached token per sequence (layers that grow with the context)
     * @param slidingKvBytes KV bytes read per sequence from sliding-window layers, whatever the context
     * @param bytesPerSecond the device's memory bandwidth
     */
    public record Stage(
            double weightBytes,
            double routedExpertBytes,
            double kvBytesPerContextToken,
            double slidingKvBytes,
            double bytesPerSecond) {

        /** A dense device without sliding-window layers. */
        public Stage(double weightBytes, double kvBytesPerContextToken, double bytesPerSecond) {
            this(weightBytes, 0, kvBytesPerContextToken, 0, bytesPerSecond);
        }
    }

    /**
     * Share of the routed experts a step of {@code sequences} reads: {@code 1 - (1 - share)^sequences}, each token
     * routed independently and uniformly (an assumption: real routing is skewed, so batches read somewhat less).
     */
    double expertShareRead(int sequences) {
        return expertShare >= 1 ? 1 : 1 - Math.pow(1 - expertShare, Math.max(1, sequences));
    }

    /** Weight bytes one step of a single sequence reads over the whole path. */
    public double weightBytesReadPerToken() {
        double sum = 0;
        for (Stage s : stages) {
            sum += s.weightBytes() - s.routedExpertBytes() * (1 - expertShare);
        }
        return sum;
    }

    /** Seconds per step for a batch of {@code sequences}, each holding {@code context} tokens, ignoring compute. */
    double memorySeconds(int sequences, double context) {
        double seconds = latencyPerStepSeconds;
        double experts = expertShareRead(sequences);
        for (Stage s : stages) {
            double weights = s.weightBytes() - s.routedExpertBytes() * (1 - experts);
            seconds += (weights + sequences * (s.kvBytesPerContextToken() * context + s.slidingKvBytes()))
                    / (s.bytesPerSecond() * efficiency);
        }
        return seconds;
    }

    /** Seconds of matrix work per step for a batch of {@code sequences}; 0 when the throughput is unknown (NaN). */
    double computeSeconds(int sequences, double flopsPerSecond) {
        return Double.isNaN(flopsPerSecond) ? 0 : sequences * flopsPerToken / flopsPerSecond;
    }
}
