package dev.thinkrig.sizing.engine;

import java.util.Objects;

/**
 * Corrections measured on this machine from an engine's own start-up log ({@code thinkrig check-log --save}, and
 * {@code deploy} after a successful start), applied to the term each belongs to. vLLM: the weights and the activation
 * peak scale by the logged / planned ratio, the non-torch memory moves by the logged difference. Ollama: the
 * activation ratio is the compute buffer's (its graph is the activation of a llama.cpp runner). {@link #NONE} changes
 * nothing.
 *
 * @param source what the plan says it applied ("your vLLM 0.11.0 log of 2026-12-01: activation +3.60 GiB")
 */
public record Calibration(double weightsRatio, double activationRatio, long nonTorchDeltaBytes, String source) {

    public static final Calibration NONE = new Calibration(1, 1, 0, "");

    /**
     * The widest correction applied: a ratio outside [1/2, 2] or a non-torch difference above 4 GiB is more likely a
     * different setup (another model, a hand-set batch size) than the engine's arithmetic, so it is shown, not applied.
     */
    public static final double MAX_RATIO = 2.0;

    public static final long MAX_NON_TORCH_DELTA = 4L << 30;

    public Calibration {
        Objects.requireNonNull(source, "source");
        check(weightsRatio, "weights");
        check(activationRatio, "activation");
        if (Math.abs(nonTorchDeltaBytes) > MAX_NON_TORCH_DELTA) {
            throw new IllegalArgumentException(
                    "a non-torch correction of " + nonTorchDeltaBytes + " bytes is outside +/-4 GiB");
        }
    }

    private static void check(double ratio, String term) {
        if (!(ratio >= 1 / MAX_RATIO && ratio <= MAX_RATIO)) {
            throw new IllegalArgumentException("a " + term + " correction of x" + ratio + " is outside x0.5 to x2");
        }
    }

    public boolean isNone() {
        return weightsRatio == 1 && activationRatio == 1 && nonTorchDeltaBytes == 0;
    }

    long scaleWeights(long bytes) {
        return Math.round(bytes * weightsRatio);
    }

    long scaleActivation(long bytes) {
        return Math.round(bytes * activationRatio);
    }
}
