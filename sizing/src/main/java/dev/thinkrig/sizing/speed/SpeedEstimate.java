package dev.thinkrig.sizing.speed;

/**
 * Predicted speed of one configuration.
 *
 * @param decodeTokensPerSecond one sequence alone, halfway through its reasoning budget
 * @param aggregateTokensPerSecond all planned sequences together (samples x concurrency), halfway through
 * @param timeToFirstTokenSeconds prefill of the prompt
 * @param timeToThinkSeconds prefill plus decoding the whole reasoning budget, with every planned sequence running
 * @param weightBytesReadPerToken weight bytes one decode step of one sequence reads (mixture of experts: the active
 *     experts only)
 */
public record SpeedEstimate(
        double decodeTokensPerSecond,
        double aggregateTokensPerSecond,
        double prefillTokensPerSecond,
        double timeToFirstTokenSeconds,
        double timeToThinkSeconds,
        double weightBytesReadPerToken) {}
