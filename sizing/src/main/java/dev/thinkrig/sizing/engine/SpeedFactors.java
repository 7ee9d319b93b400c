package dev.thinkrig.sizing.engine;

import dev.thinkrig.sizing.hardware.Platform;

/**
 * How close each engine gets to the hardware's limits, fitted to published measurements listed in
 * docs/calibration.md (row numbers below refer to its decode table).
 *
 * <p>Decode time per token is {@code bytes read / (bandwidth x bandwidthEfficiency) + layers x secondsPerLayerStep}:
 * a bandwidth term plus a fixed per-layer cost (kernel launches, synchronisation) that dominates small models on fast
 * GPUs. Prefill runs at {@code computeEfficiency} of the dense BF16 figure.
 *
 * @param computeEfficiency NaN where no prefill measurement supports a figure
 */
public record SpeedFactors(double bandwidthEfficiency, double secondsPerLayerStep, double computeEfficiency) {

    /**
     * llama.cpp on NVIDIA: fitted to RTX 4090 Llama-3-8B Q4_K_M 130.6 t/s and F16 54.8 t/s (rows 16-17, same build):
     * 0.97 of bandwidth plus 2.95 ms per 32-layer token; newer builds with CUDA graphs spend about 1.45 ms fixed
     * (row 24). 0.95 and 0.06 ms per layer reproduce rows 16, 22, 28 and 33 within 15%. Prefill: Llama-3-8B pp512
     * on a 4090 reaches 0.60 (Q4_K_M) to 0.79 (F16) of 165 TFLOPS (rows 16-17); 0.6 is the quantized case.
     */
    static final SpeedFactors LLAMA_CPP_CUDA = new SpeedFactors(0.95, 0.06e-3, 0.6);

    /**
     * llama.cpp on Apple Metal: fitted to Llama-2-7B F16 / Q4_0 pairs of discussion #4167 (one build): M2 Ultra 0.88
     * of bandwidth + 5.15 ms, M4 Max 0.90 + 4.29 ms per 32-layer token (rows 1-8). Apple publishes no GPU FLOPS, so no
     * prefill figure.
     */
    static final SpeedFactors LLAMA_CPP_METAL = new SpeedFactors(0.88, 0.15e-3, Double.NaN);

    /**
     * llama.cpp on ROCm: a Strix Halo llama-bench row reached about 0.56 of 256 GB/s decoding and 0.13 of the
     * theoretical 59.4 TFLOPS in pp512 (row 37; one MoE row, indicative only).
     */
    static final SpeedFactors LLAMA_CPP_ROCM = new SpeedFactors(0.56, 0, 0.13);

    /**
     * llama.cpp on CPU: an i5-6500 decoded a 7B q4_0 (about 3.8 GB) at 3.94 t/s, about half of its theoretical
     * dual-channel bandwidth (llama.cpp issue #34, comment by eiery 2023-05-16; one data point). Prefill depends on the
     * CPU's SIMD throughput, which detection does not measure.
     */
    static final SpeedFactors LLAMA_CPP_CPU = new SpeedFactors(0.5, 0, Double.NaN);

    /**
     * vLLM single stream: 0.60 of the bound on an RTX 4090 (Qwen3-4B FP8, row 19) and on DGX Spark (gpt-oss-120b
     * MXFP4, row 35; Llama-3.3-70B NVFP4 0.60-0.63, row 36); CUDA graphs leave no separate fixed cost. Prefill: a
     * 16,000-token prompt of Qwen3-14B-AWQ took 3.35 s on an A100, about 0.43 of 312 TFLOPS (row 29).
     */
    static final SpeedFactors VLLM_CUDA = new SpeedFactors(0.60, 0, 0.43);

    /**
     * Tensor parallelism between GPUs without peer-to-peer (GeForce pairs) goes through host memory; no published
     * measurement isolates its cost yet, so thinkrig claims no speed-up from splitting: the ranks are counted as if
     * visited one after another (docs/how-sizing-works.md, known limits).
     */
    public static boolean tensorParallelSpeedsUp(boolean peerToPeer) {
        return peerToPeer;
    }

    public static SpeedFactors forEngine(Engine engine, Platform platform) {
        if (engine != Engine.OLLAMA) {
            return VLLM_CUDA;
        }
        return switch (platform) {
            case NVIDIA, NVIDIA_UNIFIED -> LLAMA_CPP_CUDA;
            case APPLE -> LLAMA_CPP_METAL;
            case AMD, AMD_UNIFIED -> LLAMA_CPP_ROCM;
            case CPU -> LLAMA_CPP_CPU;
        };
    }
}
