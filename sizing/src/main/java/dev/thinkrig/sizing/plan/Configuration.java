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
 */
public record Configuration(
        Engine engine,
        Quantization quantization,
        KvCacheType kvCacheType,
        int contextTokens,
        int parallelSequences,
        int tensorParallel,
        double gpuMemoryUtilization,
        boolean flashAttention) {

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
        return s.toString();
    }
}
