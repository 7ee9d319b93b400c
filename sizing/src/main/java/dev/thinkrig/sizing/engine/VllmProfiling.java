package dev.thinkrig.sizing.engine;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.model.ModelShape;

/**
 * What vLLM's start-up profiling takes besides the weights, per GPU, in each {@link VllmRegime}: the activation peak
 * of the profiling run, the non-torch memory, CUDA graphs, and the shape of the run (batched tokens, sequences).
 */
final class VllmProfiling {

    /**
     * Default {@code max_num_batched_tokens} and {@code max_num_seqs} of the V1 OpenAI server: 8192 tokens and 1024
     * sequences on GPUs with at least 70 GiB that are not A100s, 2048 and 256 elsewhere (vllm/engine/arg_utils.py,
     * {@code get_batch_defaults}, UsageContext.OPENAI_API_SERVER). thinkrig's compose always sets {@code
     * --max-num-seqs}, so only the batched tokens are the default in a deployment.
     */
    static final long V1_BATCHED_TOKENS_LARGE_GPU = 8192;

    static final long V1_BATCHED_TOKENS_OTHER_GPU = 2048;

    static final DataSize LARGE_GPU = DataSize.ofGiB(70);

    static final int V1_MAX_NUM_SEQS_LARGE_GPU = 1024;

    static final int V1_MAX_NUM_SEQS_OTHER_GPU = 256;

    /** V0's default {@code max_num_seqs} (vllm/config.py SchedulerConfig, {@code max_num_seqs: int = 256}). */
    static final int V0_MAX_NUM_SEQS = 256;

    /**
     * V0's default {@code max_num_batched_tokens} floor: {@code max(max_model_len, 2048)} without chunked prefill
     * (vllm/config.py SchedulerConfig, {@code _DEFAULT_MAX_NUM_BATCHED_TOKENS = 2048}); with chunked prefill the
     * same 2048 is the budget.
     */
    static final long V0_MIN_BATCHED_TOKENS = 2048;

    /**
     * V0 turned chunked prefill on by itself for the OpenAI server when {@code max_model_len > 32K}
     * (vllm/engine/arg_utils.py, {@code use_long_context = max_model_len > 32K}); then it profiles 2048 tokens, not the
     * whole context.
     */
    static final long V0_LONG_CONTEXT = 32 * 1024;

    /**
     * Bytes the dummy sampler run holds per row of logits and vocabulary entry, in tenths of a byte (38.4 B).
     * vllm/v1/worker/gpu_model_runner.py {@code _dummy_sampler_run} samples {@code max_num_seqs} rows with top-k and
     * top-p on (vllm/v1/sample/ops/topk_topp_sampler.py {@code apply_top_k_top_p}): the model-dtype logits (2 B), their
     * float32 copy (4), the sorted values (4) and int64 indices (8), the softmax and cumulative sum of the sorted
     * probabilities (4 + 4), the boolean mask (1), the scattered result (4), and the probabilities and exponential
     * noise of the final sample (4 + 4): 39 B by that count. Fitted to the activation peaks vLLM logged on one
     * H100 with 1024 sequences (llm-d/llm-d-benchmark config_explorer/empirical-vllm-memory-results.md):
     * Qwen3-0.6B 5.56 GiB, Qwen3-32B 5.64, Llama-3.1-8B 4.76, gpt-oss-20b 7.38, Llama-3.3-70B-FP8 TP=2 4.84, each
     * minus the hidden states of the batch, give 38.3-38.6 B. Checked on rows the fit did not see: V0's Llama-3-8B
     * 1.26 GiB at 256 sequences (PR #10511) and the 8.11 GiB pool of Qwen3-235B-A22B-FP8 at TP=4 (issue #21348).
     * Recent sources sample with FlashInfer by default on CUDA ({@code flashinfer_sampler_supported}), which sorts
     * nothing; the release that changed it was not determined, so the native path's bytes are kept (the safe side).
     */
    static final long SAMPLER_TENTHS_OF_BYTE_PER_LOGIT = 384;

    /**
     * Fused MoE kernels process at most this many tokens at once (vllm/envs.py VLLM_FUSED_MOE_CHUNK_SIZE, default
     * 32768); their intermediate caches scale with it.
     */
    static final long FUSED_MOE_CHUNK_TOKENS = 32768;

    /**
     * V0 non-torch memory (CUDA context and NCCL outside torch's allocator) of the v0.6 line: 0.35 GiB on one RTX 3090
     * (vllm issue #10517, v0.6.4 "non_torch_memory=0.35GiB"), and 3.58 GiB per rank at TP=2 for Meta-Llama-3-8B on an
     * 80 GB card (vLLM PR #10511, comment by youkaichao 2024-12-14). The same comment logs 1.79 GiB on one 80 GB card;
     * the single-GPU figure follows the 3090 log, which leaves that row (accuracy.md C2) 2.7% high.
     */
    static final DataSize V0_6_NON_TORCH_SINGLE = DataSize.parse("0.35 GiB");

    static final DataSize V0_6_NON_TORCH_PER_RANK_TP = DataSize.parse("3.58 GiB");

    /**
     * V0 non-torch memory from v0.7: 0.25 GiB per rank at TP=2 on RTX 4090s (v0.7.2, vllm issue #13061), 0.20 GiB
     * per rank on 24 GB cards (v0.8 worker.py, vllm PR #14447 and issue #15340); the larger is used. No log between
     * v0.6.5 (1.79 GiB) and v0.7.2 was found, so the change is placed at v0.7.0.
     */
    static final DataSize V0_7_NON_TORCH = DataSize.parse("0.25 GiB");

    static final EngineVersion V0_7 = EngineVersion.of(0, 7, 0);

    /**
     * V1 non-torch memory: 0.13-0.14 GiB on one H100 across five models, 0.55 GiB per rank for Llama-3.3-70B-FP8 at
     * TP=2 (llm-d-benchmark empirical-vllm-memory-results.md); the larger of each is used.
     */
    static final DataSize V1_NON_TORCH_SINGLE = DataSize.parse("0.14 GiB");

    static final DataSize V1_NON_TORCH_PER_RANK_TP = DataSize.parse("0.55 GiB");

    /**
     * CUDA graphs: "Graph capturing finished in 18 secs, took 0.96 GiB" after "Estimated CUDA graph memory: 1.10
     * GiB" (docs/calibration.md row V12). Published v0.21+ estimates for small capture sets are lower (0.09 GiB,
     * noonghunna/club-3090 issue #434; 0.26 GiB, vllm PR #30515; 0.36 GiB, gpustack/runner PR #251) and full
     * capture sets of large models higher (4.38 GiB, vllm PR #37296; about 5.1 GiB for MiniMax-M2.7 AWQ at TP=2 on
     * DGX Spark, eugr/spark-vllm-docker issue #396); 1.10 GiB is planned: thinkrig's compose caps --max-num-seqs,
     * which caps the capture sizes, but a large MoE model can need more (docs/how-sizing-works.md, known limits). Before v0.21 it is
     * outside the budget and only shown; from v0.21 it is taken from the budget.
     */
    static final DataSize CUDA_GRAPHS = DataSize.parse("1.10 GiB");

    /** MXFP4 expert padding of vLLM's Marlin MoE path: the per-rank intermediate size up to 128, hidden up to 256. */
    static final int MXFP4_INTERMEDIATE_ALIGN = 128;

    static final int MXFP4_HIDDEN_ALIGN = 256;

    private VllmProfiling() {}

    /**
     * How much larger vLLM holds MXFP4 expert weights than the checkpoint: vLLM's Mxfp4MoEMethod.create_weights
     * (vllm/model_executor/layers/quantization/mxfp4.py) pads the expert tensors for its kernels; on the Marlin path
     * (GPUs without native FP4, and Hopper when triton_kernels is missing: "Your GPU does not have native support for
     * FP4 computation ... leveraging the Marlin kernel") {@code intermediate_size_per_partition} rounds up to 128 and
     * {@code hidden_size} to 256. gpt-oss (2880 x 2880): 2944/2880 x 3072/2880 = 1.090. Checked: gpt-oss-120b
     * "Model loading took 65.9651 GiB" on an H100 with Marlin (vLLM 0.10.1, vllm issue #23278), thinkrig 65.9 GiB;
     * Hopper's triton path pads less (64.38 GiB and gpt-oss-20b 13.47 GiB, llm-d-benchmark results file), so the
     * Marlin padding is planned everywhere, on the safe side by up to 2.5%. Blackwell's FlashInfer path (both sizes to
     * 256) is not modelled.
     */
    static double mxfp4ExpertPadding(ModelShape shape, int tensorParallel) {
        if (shape.experts().isEmpty()) {
            return 1;
        }
        long intermediate = shape.experts().get().ffnSize() / tensorParallel;
        long hidden = shape.hiddenSize();
        return (double) roundUp(intermediate, MXFP4_INTERMEDIATE_ALIGN)
                / intermediate
                * roundUp(hidden, MXFP4_HIDDEN_ALIGN)
                / hidden;
    }

    private static long roundUp(long value, int align) {
        return (value + align - 1) / align * align;
    }

    /** The tokens of the profiling forward pass. */
    static long profiledTokens(VllmRegime regime, DataSize gpuMemory, String gpuName, int maxModelLen) {
        if (regime == VllmRegime.V0) {
            return maxModelLen > V0_LONG_CONTEXT ? V0_MIN_BATCHED_TOKENS : Math.max(maxModelLen, V0_MIN_BATCHED_TOKENS);
        }
        return largeGpu(gpuMemory, gpuName) ? V1_BATCHED_TOKENS_LARGE_GPU : V1_BATCHED_TOKENS_OTHER_GPU;
    }

    /** Whether V1's server defaults are the large-GPU ones ({@link #V1_BATCHED_TOKENS_LARGE_GPU}) on this GPU. */
    static boolean largeGpu(DataSize gpuMemory, String gpuName) {
        return gpuMemory.compareTo(LARGE_GPU) >= 0
                && !gpuName.toLowerCase(java.util.Locale.ROOT).contains("a100");
    }

    /**
     * The forward pass over {@code tokens}: per token, three hidden-size and three MLP-width bf16 tensors live at the
     * peak: the residual, the normed input and the attention output; the merged gate/up projection's output (2 x
     * width, vllm/model_executor/models/llama.py LlamaMLP {@code gate_up_proj}) and the SiluAndMul result (1 x width).
     * Checked on V0 logs of Llama-3.1-8B on an RTX 3090, where the forward pass is the whole peak (vllm issue #10517,
     * 2024-12-02: {@code peak_torch_memory} 17.06 GiB at 20,000 tokens and 17.98 GiB at 29,000, less 14.99 GiB of
     * weights: 2.07 and 2.99 GiB; 2 x (3 x 4096 + 3 x 14336) = 110,592 B per token gives 2.06 and 2.99 GiB); plus the
     * fused-MoE caches of a MoE layer.
     */
    static DataSize forwardPeak(ModelShape shape, int tensorParallel, long tokens) {
        long perToken = 2 * (3 * shape.hiddenSize() + 3 * (mlpWidth(shape) / tensorParallel));
        return DataSize.ofBytes(tokens * perToken).plus(moeCaches(shape, tensorParallel, tokens));
    }

    /**
     * The fused MoE kernel's three bf16 intermediate caches for a chunk of tokens (vllm/model_executor/layers/
     * fused_moe/fused_moe.py {@code fused_experts_impl}: {@code intermediate_cache1} of {@code (M, top_k, N)} with
     * {@code N = 2 x moe_intermediate / tp}, {@code cache2} of {@code (M, top_k, N / 2)}, {@code cache3} of {@code (M,
     * top_k, hidden)}).
     */
    static DataSize moeCaches(ModelShape shape, int tensorParallel, long tokens) {
        if (shape.experts().isEmpty()) {
            return DataSize.ZERO;
        }
        var e = shape.experts().get();
        long m = Math.min(tokens, FUSED_MOE_CHUNK_TOKENS);
        long n = 2 * e.ffnSize() / tensorParallel;
        return DataSize.ofBytes(m * e.perToken() * (n + n / 2 + shape.hiddenSize()) * 2);
    }

    /**
     * The dummy sampler run after the forward pass: the batch's hidden states (bf16) stay alive while {@code
     * maxNumSeqs} rows of full-vocabulary logits are sampled ({@link #SAMPLER_TENTHS_OF_BYTE_PER_LOGIT}). Under
     * tensor parallelism each rank gathers the whole vocabulary's logits and samples.
     */
    static DataSize samplerPeak(ModelShape shape, long tokens, int maxNumSeqs) {
        long hidden = tokens * shape.hiddenSize() * 2;
        long logits = (long) maxNumSeqs * shape.vocabSize() * SAMPLER_TENTHS_OF_BYTE_PER_LOGIT / 10;
        return DataSize.ofBytes(hidden + logits);
    }

    /** The activation peak vLLM logs: the larger of the forward pass and the sampler run, which follow each other. */
    static DataSize activationPeak(ModelShape shape, int tensorParallel, long tokens, int maxNumSeqs) {
        DataSize forward = forwardPeak(shape, tensorParallel, tokens);
        DataSize sampler = samplerPeak(shape, tokens, maxNumSeqs);
        return forward.compareTo(sampler) >= 0 ? forward : sampler;
    }

    /**
     * The MLP width one token's activations span: the dense intermediate size, or for mixture-of-experts layers the
     * experts it is routed to plus the shared ones ({@code (top-k + shared) x moe_intermediate_size}), the larger where
     * a model has both.
     */
    static long mlpWidth(ModelShape shape) {
        if (shape.experts().isEmpty()) {
            return shape.intermediateSize();
        }
        var e = shape.experts().get();
        long moe = (long) (e.perToken() + e.shared()) * e.ffnSize();
        return e.leadingDenseLayers() > 0 ? Math.max(moe, shape.intermediateSize()) : moe;
    }

    static DataSize nonTorch(EngineVersion version, int ranks) {
        VllmRegime regime = VllmRegime.of(version);
        if (regime == VllmRegime.V0) {
            if (version.isAtLeast(V0_7)) {
                return V0_7_NON_TORCH;
            }
            return ranks > 1 ? V0_6_NON_TORCH_PER_RANK_TP : V0_6_NON_TORCH_SINGLE;
        }
        return ranks > 1 ? V1_NON_TORCH_PER_RANK_TP : V1_NON_TORCH_SINGLE;
    }
}
