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
 */
public record DecodePath(List<Stage> stages, double efficiency, double latencyPerStepSeconds, double flopsPerToken) {

    public DecodePath {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a decode path needs at least one stage");
        }
        if (!(efficiency > 0 && efficiency <= 1)) {
            throw new IllegalArgumentException("efficiency must be in (0, 1], was " + efficiency);
        }
    }

    /**
     * One device's share of a step.
     *
     * @param weightBytes weights read once per step whatever the batch size
     * @param kvBytesPerContextToken KV bytes read per cached token per sequence
     * @param bytesPerSecond the device's memory bandwidth
     */
    public record Stage(double weightBytes, double kvBytesPerContextToken, double bytesPerSecond) {}

    /** Seconds per step for a batch of {@code sequences}, each holding {@code context} tokens, ignoring compute. */
    double memorySeconds(int sequences, double context) {
        double seconds = latencyPerStepSeconds;
        for (Stage s : stages) {
            seconds += (s.weightBytes() + sequences * s.kvBytesPerContextToken() * context)
                    / (s.bytesPerSecond() * efficiency);
        }
        return seconds;
    }

    /** Seconds of matrix work per step for a batch of {@code sequences}; 0 when the throughput is unknown (NaN). */
    double computeSeconds(int sequences, double flopsPerSecond) {
        return Double.isNaN(flopsPerSecond) ? 0 : sequences * flopsPerToken / flopsPerSecond;
    }
}
