package dev.thinkrig.sizing.quant;

import dev.thinkrig.sizing.DataSize;
import java.util.List;

/**
 * Weight bytes of one model in one quantization, split the way engines place them.
 *
 * @param tokenEmbedding the input embedding table (llama.cpp keeps it in host memory; engines read one row per token)
 * @param output the output projection (lm_head), zero when tied to the embeddings
 * @param perLayer bytes of each transformer block, in order
 * @param global norms and other tensors outside the blocks
 */
public record WeightBreakdown(
        DataSize tokenEmbedding, DataSize output, List<DataSize> perLayer, DataSize global, long parameters) {

    public WeightBreakdown {
        perLayer = List.copyOf(perLayer);
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

    /** Average bits per weight over the whole model. */
    public double bitsPerWeight() {
        return total().bytes() * 8.0 / parameters;
    }
}
