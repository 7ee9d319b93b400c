package dev.thinkrig.sizing.quant;

import dev.thinkrig.sizing.DataSize;
import java.util.Collections;
import java.util.List;

/**
 * Weight bytes of one model in one quantization, split the way engines place them.
 *
 * @param tokenEmbedding the input embedding table (llama.cpp keeps it in host memory; engines read one row per token)
 * @param output the output projection (lm_head), zero when tied to the embeddings
 * @param perLayer bytes of each transformer block, in order (routed experts included)
 * @param global norms and other tensors outside the blocks
 * @param perLayerRoutedExperts bytes of each block's routed experts (all zero for dense models)
 * @param activeExpertShare share of the routed experts one token reads (top-k / experts; 1 for dense models)
 * @param activeParameters parameters one token uses (all of them for dense models)
 */
public record WeightBreakdown(
        DataSize tokenEmbedding,
        DataSize output,
        List<DataSize> perLayer,
        DataSize global,
        long parameters,
        List<DataSize> perLayerRoutedExperts,
        double activeExpertShare,
        long activeParameters) {

    public WeightBreakdown {
        perLayer = List.copyOf(perLayer);
        perLayerRoutedExperts = List.copyOf(perLayerRoutedExperts);
        if (perLayerRoutedExperts.size() != perLayer.size()) {
            throw new IllegalArgumentException("one routed-expert size per layer is needed");
        }
        if (!(activeExpertShare > 0 && activeExpertShare <= 1)) {
            throw new IllegalArgumentException("activeExpertShare must be in (0, 1], was " + activeExpertShare);
        }
    }

    /** A dense model's breakdown: no routed experts, every parameter active. */
    public static WeightBreakdown dense(
            DataSize tokenEmbedding, DataSize output, List<DataSize> perLayer, DataSize global, long parameters) {
        return new WeightBreakdown(
                tokenEmbedding,
                output,
                perLayer,
                global,
                parameters,
                Collections.nCopies(perLayer.size(), DataSize.ZERO),
                1.0,
                parameters);
    }

    public DataSize layers() {
        return DataSize.ofBytes(perLayer.stream().mapToLong(DataSize::bytes).sum());
    }

    public DataSize total() {
        return tokenEmbedding.plus(output).plus(layers()).plus(global);
    }

    /** What a GPU holds when every layer is offloaded: everything but the input embedding table. */
    public DataSize withoutTokenEmbedding() {
        return output.plus(layers()).plus(global);
    }

    /** Bytes of routed experts in every layer (memory holds them all). */
    public DataSize routedExperts() {
        return routedExperts(0, perLayer.size());
    }

    /** Bytes of routed experts in layers {@code [from, to)}. */
    public DataSize routedExperts(int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += perLayerRoutedExperts.get(i).bytes();
        }
        return DataSize.ofBytes(sum);
    }

    /**
     * Weight bytes one decoded token reads: everything on the GPU except the input embedding (a row lookup) and the
     * routed experts the token is not sent to.
     */
    public double bytesReadPerToken() {
        return withoutTokenEmbedding().bytes() - routedExperts().bytes() * (1 - activeExpertShare);
    }

    /** Average bits per weight over the whole model. */
    public double bitsPerWeight() {
        return total().bytes() * 8.0 / parameters;
    }
}
