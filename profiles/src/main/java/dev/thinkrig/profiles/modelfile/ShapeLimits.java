package dev.thinkrig.profiles.modelfile;

import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.Tensor;
import java.util.Locale;

/**
 * The ranges a model file's dimensions must lie in before sizing multiplies them. Each bound is at least eight times
 * the largest value a published model states, and each keeps one tensor's element count below 2^55 (rows x row length
 * of the widest tensor those bounds allow), so {@link Tensor#elements()} cannot overflow; {@link #PARAMETERS} then
 * bounds their sum.
 */
public final class ShapeLimits {

    /** Decoder layers: Llama 3.1 405B has 126. Also bounds the tensor list (about 20 tensors a layer). */
    public static final long LAYERS = 4_096;

    /**
     * hidden_size, intermediate_size, moe_intermediate_size and the latent-attention ranks: Nemotron-4 340B's 18,432
     * hidden and 73,728 MLP are the widest published. Hidden x MLP width stays at 2^40.
     */
    public static final long WIDTH = 1L << 20;

    /** Attention heads and KV heads: DeepSeek-V3 and Llama 3.1 405B have 128. */
    public static final long HEADS = 4_096;

    /** One head's size: Gemma 3 has 256. Heads x head size stays at 2^24, hidden x that at 2^44. */
    public static final long HEAD_DIM = 4_096;

    /** Tokens in the vocabulary: Gemma 3 has 262,208. Embedding rows x hidden stays at 2^44. */
    public static final long VOCAB = 1L << 24;

    /**
     * Context length and sliding window: Llama 4 Scout states 10,485,760; the command line bounds a request's tokens by
     * the same 2^24.
     */
    public static final long CONTEXT = 1L << 24;

    /** Routed experts per layer: Qwen3-Next has 512. Experts x expert width x hidden stays at 2^54. */
    public static final long EXPERTS = 16_384;

    /**
     * Parameters in total: 2^48 (281 trillion) is 270 times Kimi K2's 1.04 trillion, and 2^48 weights at 4 bytes each
     * are 2^50 bytes, far from a {@code long}'s 2^63.
     */
    public static final long PARAMETERS = 1L << 48;

    private ShapeLimits() {}

    /** {@code from 1 to 4,096}. */
    public static String range(long min, long max) {
        return "from " + format(min) + " to " + format(max);
    }

    public static String format(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The shape's parameter count in {@code double}, which cannot overflow where a {@code long} sum could. */
    public static double parameters(ModelShape shape) {
        double total = 0;
        for (Tensor t : shape.tensors()) {
            total += (double) t.rows() * t.rowLength();
        }
        return total;
    }

    /**
     * Refuses a shape whose dimensions, each within its bound, still multiply to more than {@link #PARAMETERS}
     * parameters; counted in {@code double}, which cannot overflow. {@code keys} names the file's own keys for the
     * dimensions.
     */
    public static void checkParameters(ModelShape shape, String source, String keys) {
        double total = parameters(shape);
        if (total > PARAMETERS) {
            throw new ModelFileException(
                    source,
                    ModelFileException.NO_OFFSET,
                    String.format(
                            Locale.ROOT,
                            "%s describe %.3g parameters; thinkrig plans models of at most %s (2^48)",
                            keys,
                            total,
                            format(PARAMETERS)));
        }
    }
}
