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
     * All-reduces per transformer layer and decode step under tensor parallelism: one after the attention output
     * projection and one after the MLP down projection (Megatron-LM, Shoeybi et al. 2019, section 3: "two all-reduces
     * in the forward pass"; vLLM's RowParallelLinear for o_proj and down_proj).
     */
    public static final int ALL_REDUCES_PER_LAYER = 2;

    /**
     * Latency of one small (a few KiB: one token's hidden state) all-reduce between GPUs with peer-to-peer over NVLink:
     * about 6 us for 2 x H100 with NCCL 2.20 and CUDA graphs ("When I run with 2 GPUs the latency is approximately
     * 6us", all_reduce_perf 128 B to 64 KiB, NVIDIA/nccl issue #1259). Used for every GPU with peer-to-peer; PCIe P2P
     * without NVLink is likely slower (no measurement found).
     */
    public static final double ALL_REDUCE_SECONDS_PEER_TO_PEER = 6e-6;

    /**
     * Latency of one small all-reduce between GPUs without peer-to-peer (GeForce pairs: NCCL stages through host
     * memory, and vLLM's custom all-reduce needs P2P). No nccl-tests small-message row for such a pair was found;
     * derived from one vLLM single-stream measurement: Llama 3 70B INT4, inter-token latency about 35 ms on 2 x RTX
     * 5090 (TP=2, no P2P) against 28 ms on one RTX PRO 6000 with the same 1.79 TB/s (gigagpu.com, "Scaling vLLM
     * Across Two GPUs"). thinkrig's bandwidth term for one rank's 18.8 GB AWQ share is 17.5 ms at 0.60 of 1,792
     * GB/s, leaving 17.5 ms for 2 x 80 all-reduces: about 110 us each. One vendor-blog data point with rounded times:
     * low confidence (docs/how-sizing-works.md, known limits; accuracy row S14 is its fit).
     */
    public static final double ALL_REDUCE_SECONDS_NO_PEER_TO_PEER = 110e-6;

    /**
     * Latency of one small all-reduce between two nodes over their network link, used for tensor parallelism across
     * nodes and (as the cost of one hidden-state hand-off) for each pipeline-stage boundary: NCCL all_reduce_perf
     * between two DGX Sparks over their 200 GbE RoCE link took 31.67 us at 16 KiB and 35.15 us at 8 KiB
     * (NVIDIA/dgx-spark-playbooks PR #103); inside vLLM decode a 48 KB all-reduce over four Sparks took 54-64 us
     * (local-inference-lab/b12x PR #295). thinkrig assumes this 200 GbE RoCE figure for every multi-node plan: an
     * InfiniBand fabric between datacenter nodes is likely faster (no measurement used).
     */
    public static final double NODE_LINK_ALL_REDUCE_SECONDS = 32e-6;

    /** Latency of one decode-step all-reduce between the tensor-parallel ranks. */
    public static double allReduceSeconds(boolean peerToPeer) {
        return peerToPeer ? ALL_REDUCE_SECONDS_PEER_TO_PEER : ALL_REDUCE_SECONDS_NO_PEER_TO_PEER;
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
