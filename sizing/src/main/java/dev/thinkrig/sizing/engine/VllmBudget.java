package dev.thinkrig.sizing.engine;

import dev.thinkrig.sizing.DataSize;

/**
 * vLLM's memory arithmetic on one tensor-parallel rank, term by term as its start-up log reports them: what thinkrig
 * plans for {@code Available KV cache memory} and {@code GPU KV cache size} and the terms subtracted before.
 *
 * @param version the vLLM release planned for
 * @param regime how that release sizes the pool
 * @param torchTotal the device total torch reports ({@code torch.cuda.mem_get_info()[1]}), which vLLM multiplies by
 *     the utilization: less than nvidia-smi's total on a discrete GPU
 * @param gpuMemoryUtilization {@code --gpu-memory-utilization}
 * @param budget {@code gpuMemoryUtilization x torchTotal}
 * @param weights the rank's weights ("Model loading took X GiB")
 * @param activation the profiling run's peak ("PyTorch activation peak memory" / "for peak activation")
 * @param nonTorch memory outside torch's allocator ("non_torch_memory")
 * @param cudaGraphs CUDA graph memory; taken from the budget only when {@code cudaGraphsInBudget}
 * @param cudaGraphsInBudget whether this release subtracts the graphs before sizing the pool (v0.21 and later)
 * @param kvPoolBytes the pool ("Available KV cache memory", "the rest of the memory reserved for KV Cache"); negative
 *     when the other terms exceed the budget (vLLM then refuses: "No available memory for the cache blocks")
 * @param kvBytesPerToken the rank's KV bytes per token of full-attention context
 * @param kvCapacityTokens tokens of full-attention context the pool holds after the sliding-window layers' share
 *     (vLLM's "GPU KV cache size: N tokens" for models without sliding windows); 0 when the pool is empty
 * @param profiledTokens tokens of the profiling forward pass ({@code max_num_batched_tokens}, or V0's
 *     {@code max(max_model_len, 2048)})
 * @param maxNumSeqs sequences of the dummy sampler run ({@code --max-num-seqs})
 */
public record VllmBudget(
        EngineVersion version,
        VllmRegime regime,
        DataSize torchTotal,
        double gpuMemoryUtilization,
        DataSize budget,
        DataSize weights,
        DataSize activation,
        DataSize nonTorch,
        DataSize cudaGraphs,
        boolean cudaGraphsInBudget,
        long kvPoolBytes,
        DataSize kvBytesPerToken,
        long kvCapacityTokens,
        long profiledTokens,
        int maxNumSeqs) {

    /** The pool, or zero when the other terms exceed the budget. */
    public DataSize kvPool() {
        return DataSize.ofBytes(Math.max(0, kvPoolBytes));
    }

    /** What the rank holds besides the KV pool and is counted inside the budget. */
    public DataSize subtracted() {
        DataSize s = weights.plus(activation).plus(nonTorch);
        return cudaGraphsInBudget ? s.plus(cudaGraphs) : s;
    }
}
