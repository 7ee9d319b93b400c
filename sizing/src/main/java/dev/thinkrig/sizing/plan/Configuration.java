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
 * @param pipelineParallel pipeline stages (vLLM {@code --pipeline-parallel-size}); 1 unless planned across nodes
 * @param nodes machines the configuration spans; more than one runs vLLM over Ray
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
        int gpuLayers,
        int pipelineParallel,
        int nodes) {

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
                ALL_LAYERS,
                1,
                1);
    }

    /** GPUs the configuration runs on, all nodes together. */
    public int ranks() {
        return tensorParallel * pipelineParallel;
    }

    /** Whether tensor parallelism spans the nodes (each all-reduce crosses the network). */
    public boolean tensorParallelAcrossNodes() {
        return nodes > 1 && pipelineParallel == 1;
    }

    public Configuration withLayout(int tensorParallel, int pipelineParallel, int nodes) {
        return new Configuration(
                engine,
                quantization,
                kvCacheType,
                contextTokens,
                parallelSequences,
                tensorParallel,
                gpuMemoryUtilization,
                flashAttention,
                gpuLayers,
                pipelineParallel,
                nodes);
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
                layers,
                pipelineParallel,
                nodes);
    }

    /** The same configuration with another context per sequence. */
    public Configuration withContextTokens(int tokens) {
        return new Configuration(
                engine,
                quantization,
                kvCacheType,
                tokens,
                parallelSequences,
                tensorParallel,
                gpuMemoryUtilization,
                flashAttention,
                gpuLayers,
                pipelineParallel,
                nodes);
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
        if (pipelineParallel > 1) {
            s.append(" pp ").append(pipelineParallel);
        }
        if (nodes > 1) {
            s.append(" nodes ").append(nodes);
        }
        return s.toString();
    }
}
