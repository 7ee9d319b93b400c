package dev.thinkrig.profiles.enginelog;

/** The figures a start-up log can give, named as {@code check-log --format json} names them. */
public enum LogTerm {
    /** The model's weights (vLLM: "Model loading took"; llama.cpp: the model buffers). */
    WEIGHTS("weights", false),
    /** vLLM's activation peak of the profiling run. */
    ACTIVATION("activation", false),
    /** vLLM's memory outside torch's allocator (CUDA context, NCCL). */
    NON_TORCH("nonTorch", false),
    /** vLLM's CUDA graph memory (captured, or estimated from v0.21). */
    CUDA_GRAPHS("cudaGraphs", false),
    /** vLLM's KV pool; llama.cpp's KV buffers; Ollama's KV estimate. */
    KV_CACHE("kvCache", false),
    /** Tokens the KV cache holds (vLLM's "GPU KV cache size", V0's blocks x block size; llama.cpp's n_ctx). */
    KV_CAPACITY_TOKENS("kvCapacityTokens", true),
    /** llama.cpp's compute buffers; Ollama's graph estimate. */
    COMPUTE_BUFFER("computeBuffer", false),
    /** Everything the engine reports for the model (Ollama's total memory or its required.full estimate). */
    TOTAL("total", false);

    private final String id;
    private final boolean tokens;

    LogTerm(String id, boolean tokens) {
        this.id = id;
        this.tokens = tokens;
    }

    public String id() {
        return id;
    }

    /** Whether the figure counts tokens rather than bytes. */
    public boolean tokens() {
        return tokens;
    }
}
