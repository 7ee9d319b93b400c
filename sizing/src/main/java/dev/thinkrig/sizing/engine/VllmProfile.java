package dev.thinkrig.sizing.engine;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.model.ModelShape;

/**
 * What vLLM's start-up profiling takes besides weights, per GPU. Figures from the vLLM memory-profiling log lines
 * collected in docs/calibration.md, table "(c) vLLM" (rows V1-V12).
 */
final class VllmProfile {

    /**
     * Non-torch memory on a single GPU: 0.02-0.28 GiB in the single-GPU logs (rows V4-V10); the largest is used.
     */
    static final DataSize NON_TORCH_SINGLE_GPU = DataSize.parse("0.28 GiB");

    /**
     * NCCL buffers per rank under tensor parallelism: non-torch memory went from 1.79 to 3.58 GiB per rank when
     * Llama-3-8B moved from TP=1 to TP=2 (vLLM PR #10511, comment by youkaichao 2024-12-14; rows V1-V2).
     */
    static final DataSize NCCL_PER_RANK = DataSize.parse("1.79 GiB");

    /**
     * CUDA graphs: "Graph capturing finished in 18 secs, took 0.96 GiB" after "Estimated CUDA graph memory: 1.10
     * GiB" (row V12); V1 logs range 0.3-1.1 GiB. The estimate is used.
     */
    static final DataSize CUDA_GRAPHS = DataSize.parse("1.10 GiB");

    private VllmProfile() {}

    /**
     * Activation peak of the profiling forward pass over {@code batchedTokens} tokens: four hidden-size and four
     * intermediate-size bf16 tensors per token live at the peak (residual, normed input, attention output; gate and
     * up projections, their product, the down-projection input), plus float32 logits for each of the
     * {@code --max-num-seqs} sequences the sampler warm-up assumes. Checked against Meta-Llama-3-8B on an 80 GB card
     * with vLLM's then default of 256 sequences: 8192 x 2 x (4 x 4096 + 4 x 14336) + 256 x 128256 x 4 bytes =
     * 1.25 GiB, logged as 1.26 GiB (row V1).
     */
    static DataSize activationPeak(ModelShape shape, int tensorParallel, long batchedTokens, int maxNumSeqs) {
        long perToken = 2 * (4 * shape.hiddenSize() + 4 * (mlpWidth(shape) / tensorParallel));
        long logits = (long) maxNumSeqs * shape.vocabSize() * 4;
        return DataSize.ofBytes(batchedTokens * perToken + logits);
    }

    /**
     * The MLP width one token's activations span: the dense intermediate size, or for mixture-of-experts layers the
     * experts it is routed to plus the shared ones ({@code (top-k + shared) x moe_intermediate_size}), the larger where
     * a model has both. An assumption carried over from the dense fit (no MoE profiling log with its parts was found).
     */
    static long mlpWidth(ModelShape shape) {
        if (shape.experts().isEmpty()) {
            return shape.intermediateSize();
        }
        var e = shape.experts().get();
        long moe = (long) (e.perToken() + e.shared()) * e.ffnSize();
        return e.leadingDenseLayers() > 0 ? Math.max(moe, shape.intermediateSize()) : moe;
    }

    static DataSize nonTorch(int tensorParallel) {
        return tensorParallel > 1 ? NON_TORCH_SINGLE_GPU.plus(NCCL_PER_RANK) : NON_TORCH_SINGLE_GPU;
    }

    static DataSize cudaGraphs() {
        return CUDA_GRAPHS;
    }
}
