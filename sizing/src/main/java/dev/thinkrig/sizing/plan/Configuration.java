package dev.thinkrig.sizing.plan;

import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.quant.Quantization;

/**
 * One candidate way to serve a model: what {@code plan} searches over and what {@code compose} turns into flags.
 *
 * @param contextTokens context per sequence (Ollama's num_ctx, vLLM's --max-model-len)
 * @param parallelSequences sequences served at once (OLLAMA_NUM_PARALLEL, vLLM --max-num-seqs)
 * @param tensorParallel GPUs one model is split over by tensor parallelism (vLLM); 1 for Ollama
 * @param gpuMemoryUtilization vLLM's --gpu-memory-utilization; 0 for engines without it
 * @param flashAttention llama.cpp flash attention (Ollama); vLLM always uses its own attention kernels
 * @param gpuLayers llama.cpp partial offload: the repeating layers on the GPUs (the last ones, with the output layer),
 *     the rest in system memory; {@link #ALL_LAYERS} when the whole model is on the accelerators
 */
public record Configuration(
        Engine engine,
        Quantization quantization,
        KvCacheType kvCacheType,
        int contextTokens,
        int parallelSequences,
        int tensorParallel,
        double gpuMemoryUtilization,
        boolean flashAttention,
        int gpuLayers) {

    /** Every layer on the accelerators (no partial offload). */
    public static final int ALL_LAYERS = -1;

    public Configuration(
            Engine engine,
            Quantization quantization,
            KvCacheType kvCacheType,
            int contextTokens,
            int parallelSequences,
            int tensorParallel,
            double gpuMemoryUtilization,
            boolean flashAttention) {
        this(
                engine,
                quantization,
                kvCacheType,
                contextTokens,
                parallelSequences,
                tensorParallel,
                gpuMemoryUtilization,
                flashAttention,
                ALL_LAYERS);
    }

    /** Whether part of the model's layers stay in system memory. */
    public boolean partialOffload() {
        return gpuLayers != ALL_LAYERS;
    }

    /**
     * llama.cpp's {@code --n-gpu-layers} (Ollama's {@code num_gpu}) for a partial offload: the GPU layers plus one for
     * the output layer, which llama.cpp counts as layer {@code n_layer} (src/llama-model.cpp, {@code i_gpu_start =
     * max(n_layer + 1 - n_gpu_layers, 0)}).
     */
    public int nGpuLayers() {
        return gpuLayers + 1;
    }

    public Configuration withGpuLayers(int layers) {
        return new Configuration(
                engine,
                quantization,
                kvCacheType,
                contextTokens,
                parallelSequences,
                tensorParallel,
                gpuMemoryUtilization,
                flashAttention,
                layers);
    }

    public String label() {
        StringBuilder s = new StringBuilder()
                .append(engine.id())
                .append(' ')
                .append(quantization.name())
                .append(" kv ")
                .append(kvCacheType.cliName())
                .append(" ctx ")
                .append(contextTokens);
        if (tensorParallel > 1) {
            s.append(" tp ").append(tensorParallel);
        }
        if (partialOffload()) {
            s.append(" ngl ").append(nGpuLayers());
        }
        return s.toString();
    }
}
