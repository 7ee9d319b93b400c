package dev.thinkrig.sizing.speed;

/**
 * Turns a decode path into tokens per second and time to think.
 *
 * <p>Decoding is memory-bound: one step reads every weight once plus the KV cache of every sequence in the batch, so
 * its time is {@code (weights + sequences x kv per token x context) / (bandwidth x efficiency)}, or the matrix work of
 * the batch when that takes longer. Prefill is compute-bound at {@code 2 x active parameters} FLOPs per token.
 */
public final class SpeedModel {

    private SpeedModel() {}

    /**
     * Estimates speed for {@code sequences} sequences that each prefill {@code promptTokens} (once per distinct prompt:
     * {@code distinctPrompts}) and then think for {@code reasoningTokens}. {@code computeFlopsPerSecond} is the usable
     * matrix throughput; NaN where none is published, in which case prefill is not estimated (NaN) and time to think
     * counts decoding only.
     */
    public static SpeedEstimate estimate(
            DecodePath path,
            double computeFlopsPerSecond,
            int promptTokens,
            int reasoningTokens,
            int sequences,
            int distinctPrompts) {
        double midContext = promptTokens + reasoningTokens / 2.0;
        double single = 1.0 / stepSeconds(path, computeFlopsPerSecond, 1, midContext);
        double aggregate = sequences / stepSeconds(path, computeFlopsPerSecond, sequences, midContext);
        double prefill = computeFlopsPerSecond / path.flopsPerToken();
        double ttft = promptTokens / prefill;
        double decode = decodeSeconds(path, computeFlopsPerSecond, sequences, promptTokens, reasoningTokens);
        double think = Double.isNaN(ttft) ? decode : distinctPrompts * ttft + decode;
        return new SpeedEstimate(single, aggregate, prefill, ttft, think, path.weightBytesReadPerToken());
    }

    static double stepSeconds(DecodePath path, double flopsPerSecond, int sequences, double context) {
        return Math.max(path.memorySeconds(sequences, context), path.computeSeconds(sequences, flopsPerSecond));
    }

    /**
     * Seconds to generate {@code tokens} tokens per sequence starting at context {@code start}: the sum over steps
     * t = 0..tokens-1 of max(a + b(start + t), c), in closed form so a 131,072-token budget costs no loop.
     */
    static double decodeSeconds(DecodePath path, double flopsPerSecond, int sequences, int start, int tokens) {
        if (tokens == 0) {
            return 0;
        }
        double a = path.memorySeconds(sequences, start); // memory time of the first step
        double b = path.memorySeconds(sequences, start + 1.0) - a; // growth per step as the cache grows
        double c = path.computeSeconds(sequences, flopsPerSecond);
        long computeBoundSteps = b <= 0 ? (a >= c ? 0 : tokens) : (long) Math.ceil(Math.max(0, (c - a) / b));
        computeBoundSteps = Math.min(computeBoundSteps, tokens);
        long memorySteps = tokens - computeBoundSteps;
        long first = computeBoundSteps;
        long last = tokens - 1L;
        double sumOfT = memorySteps == 0 ? 0 : (first + last) * (double) memorySteps / 2.0;
        return computeBoundSteps * c + memorySteps * a + b * sumOfT;
    }
}
