package dev.thinkrig.sizing.engine;

/**
 * The three ways vLLM releases size their KV pool, each modelled from that release line's source (docs/
 * how-sizing-works.md, "vLLM version regimes").
 */
public enum VllmRegime {
    /**
     * The V0 engine (vllm/worker/worker.py {@code determine_num_available_blocks}): one profiling pass over {@code
     * max_num_batched_tokens} tokens, which is {@code max(max_model_len, 2048)} unless chunked prefill is on; CUDA
     * graphs are captured after the pool is allocated, outside the budget.
     */
    V0("V0 engine: profiles max_model_len tokens, CUDA graphs outside the budget"),
    /**
     * The V1 engine before v0.21 (vllm/v1/worker/gpu_worker.py {@code determine_available_memory}): the profiling
     * pass covers {@code max_num_batched_tokens} (chunked prefill is always on) plus a dummy sampler run over {@code
     * max_num_seqs} rows of logits; CUDA graphs are captured after the pool is allocated, outside the budget.
     */
    V1("V1 engine: profiles max_num_batched_tokens and the sampler, CUDA graphs outside the budget"),
    /**
     * V1 from v0.21.0: the CUDA graph memory of a profiling capture is estimated and taken from the budget before the
     * KV pool ("CUDA graph memory profiling is enabled (default since v0.21.0)", vLLM's start-up log as quoted in
     * gpustack/runner PR #251 and noonghunna/club-3090 issue #434; the switch is VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS,
     * added off by default in vllm-project/vllm PR #30515).
     */
    V1_GRAPHS_IN_BUDGET("V1 engine: profiles max_num_batched_tokens and the sampler, CUDA graphs inside the budget");

    /**
     * V1 became the default engine in v0.8.0 (vllm-project/vllm PR #13726, "We have now enabled V1 engine by default",
     * quoted from the v0.8.0 release notes in vllm-project/vllm-ascend PR #557).
     */
    public static final EngineVersion FIRST_V1_DEFAULT = EngineVersion.of(0, 8, 0);

    /** CUDA graph memory profiling on by default from v0.21.0 (the start-up log line quoted above). */
    public static final EngineVersion FIRST_GRAPHS_IN_BUDGET = EngineVersion.of(0, 21, 0);

    private final String description;

    VllmRegime(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public static VllmRegime of(EngineVersion version) {
        if (version.isBefore(FIRST_V1_DEFAULT)) {
            return V0;
        }
        return version.isBefore(FIRST_GRAPHS_IN_BUDGET) ? V1 : V1_GRAPHS_IN_BUDGET;
    }

    public boolean graphsInBudget() {
        return this == V1_GRAPHS_IN_BUDGET;
    }
}
