package dev.thinkrig.sizing.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.Shapes;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Host;
import dev.thinkrig.sizing.hardware.Platform;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.model.ReasoningMode;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightBreakdown;
import dev.thinkrig.sizing.quant.Weights;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * vLLM's per-rank arithmetic in each version regime, against start-up logs. H100 figures: llm-d/llm-d-benchmark
 * config_explorer/empirical-vllm-memory-results.md (one H100, torch total 79.18 GiB, utilization 0.9 = 71.26 GiB,
 * default 1024 sequences); V0 figures: vllm PR #10511 (youkaichao, 2024-12-14).
 */
class VllmMemoryTest {

    private static final double GIB = DataSize.GIB;

    /** nvidia-smi's memory.total of an H100 80GB HBM3 (shared/reference/fixtures/nvidia-smi). */
    private static final Hardware H100 = nvidia("NVIDIA H100 80GB HBM3", 81559, 1);

    private static Hardware nvidia(String name, long mib, int count) {
        Accelerator gpu = new Accelerator(
                name,
                "sm_90",
                DataSize.ofMiB(mib),
                DataSize.ofMiB(mib),
                Optional.empty(),
                Optional.empty(),
                true,
                false,
                true,
                Optional.empty());
        return new Hardware(
                "test",
                "test",
                Platform.NVIDIA,
                Collections.nCopies(count, gpu),
                new Host("cpu", 16, DataSize.ofGiB(64), DataSize.ofGiB(56), Optional.empty(), Optional.empty()),
                List.of());
    }

    private static ModelSpec spec(ModelShape shape) {
        return new ModelSpec(
                "m", "m", shape, shape.parameterCount(), ReasoningMode.ALWAYS, 4096, Optional.empty(), Map.of());
    }

    private static VllmBudget budget(
            ModelShape shape, Hardware hw, int context, int seqs, int tp, double utilization, String version) {
        Configuration config = new Configuration(
                        Engine.VLLM, Quantization.BF16, KvCacheType.BF16, context, seqs, tp, utilization, false)
                .withLayout(tp, 1, 1);
        WeightBreakdown weights = Weights.of(shape, Quantization.BF16, Engine.VLLM.weightFormat());
        return VllmMemory.budget(hw, spec(shape), config, weights, EngineVersion.parse(version));
    }

    @Test
    void torchTotal_isNvidiaSmisTotalLessWhatTorchDoesNotReport_soTheBudgetMatchesTheLog() {
        VllmBudget b = budget(Shapes.LLAMA_8B, H100, 16000, 1024, 1, 0.9, "0.11.0");
        // logged: "Free memory on device (78.57/79.18 GiB)", "Desired GPU memory utilization is (0.9, 71.26 GiB)"
        assertThat(b.torchTotal().bytes() / GIB).isCloseTo(79.18, within(0.01));
        assertThat(b.budget().bytes() / GIB).isCloseTo(71.26, within(0.01));
    }

    @Test
    void v1_llama8bOnH100_poolIsBudgetLessWeightsPeakAndNonTorch_graphsOutside() {
        VllmBudget b = budget(Shapes.LLAMA_8B, H100, 16000, 1024, 1, 0.9, "0.11.0");
        assertThat(b.regime()).isEqualTo(VllmRegime.V1);
        assertThat(b.profiledTokens()).isEqualTo(8192);
        // sampler: 8192 x 4096 x 2 B hidden states + 1024 x 128256 x 38.4 B = 4.76 GiB (logged 4.76)
        assertThat(b.activation().bytes() / GIB).isCloseTo(4.76, within(0.02));
        assertThat(b.cudaGraphsInBudget()).isFalse();
        // logged "Available KV cache memory: 51.38 GiB"
        assertThat(b.kvPoolBytes() / GIB).isCloseTo(51.38, within(0.05 * 51.38));
        assertThat(b.kvPoolBytes())
                .isEqualTo(b.budget().bytes()
                        - b.weights().bytes()
                        - b.activation().bytes()
                        - b.nonTorch().bytes());
    }

    @Test
    void v0_21_takesTheCudaGraphEstimateFromTheBudget() {
        VllmBudget before = budget(Shapes.QWEN_32B, H100, 32768, 1, 1, 0.9, "0.20.2");
        VllmBudget after = budget(Shapes.QWEN_32B, H100, 32768, 1, 1, 0.9, "0.21.0");
        assertThat(after.regime()).isEqualTo(VllmRegime.V1_GRAPHS_IN_BUDGET);
        assertThat(before.kvPoolBytes() - after.kvPoolBytes()).isEqualTo(VllmProfiling.CUDA_GRAPHS.bytes());
        assertThat(after.kvCapacityTokens()).isLessThan(before.kvCapacityTokens());
    }

    @Test
    void v0_llama3_8b_matchesPr10511sProfilingLines() {
        VllmBudget b = budget(Shapes.LLAMA_8B, H100, 8192, 256, 1, 0.9, "0.6.4");
        assertThat(b.regime()).isEqualTo(VllmRegime.V0);
        // "model weights take 14.96GiB", "PyTorch activation peak memory 1.26GiB", "available_kv_cache_memory
        // 53.29GiB" (its non_torch_memory of 1.79 GiB is above the 0.35 GiB planned: the pool is 2.7% high)
        assertThat(b.weights().bytes() / GIB).isCloseTo(14.96, within(0.01));
        assertThat(b.activation().bytes() / GIB).isCloseTo(1.26, within(0.05));
        assertThat(b.kvPoolBytes() / GIB).isCloseTo(53.29, within(0.03 * 53.29));
    }

    @ParameterizedTest
    @CsvSource({"20000, 3.81", "29000, 2.89"})
    void v0_llama8bOnRtx3090_poolShrinksWithTheContextAsLogged(int context, double loggedPoolGib) {
        // vllm issue #10517 (2024-12-02, v0.6.4): total_gpu_memory=23.58GiB, kv_cache_size 3.81 GiB at 20,000 tokens
        // and 2.89 GiB at 29,000 (where vLLM refused: 23,648 tokens fit)
        Hardware rtx3090 = nvidia("NVIDIA GeForce RTX 3090", 24576, 1);
        VllmBudget b = budget(Shapes.LLAMA_8B, rtx3090, context, 256, 1, 0.9, "0.6.4");
        assertThat(b.torchTotal().bytes() / GIB).isCloseTo(23.58, within(0.06));
        assertThat(b.kvPoolBytes() / GIB).isCloseTo(loggedPoolGib, within(0.15 * loggedPoolGib));
    }

    @ParameterizedTest
    @CsvSource({"8192, 8192", "16384, 16384", "32768, 32768", "65536, 2048", "131072, 2048", "1024, 2048"})
    void v0_profilesMaxModelLenUnlessChunkedPrefillTurnsOnAbove32K(int context, long profiled) {
        assertThat(budget(Shapes.LLAMA_8B, H100, context, 256, 1, 0.9, "0.7.3").profiledTokens())
                .isEqualTo(profiled);
    }

    @Test
    void v0_poolShrinksAsTheContextGrows_v1_doesNot() {
        long v0At8k = budget(Shapes.QWEN_32B, H100, 8192, 1, 1, 0.9, "0.7.3").kvPoolBytes();
        long v0At32k = budget(Shapes.QWEN_32B, H100, 32768, 1, 1, 0.9, "0.7.3").kvPoolBytes();
        assertThat(v0At32k).isLessThan(v0At8k);
        // Qwen-32B forward pass: 2 x (3 x 5120 + 3 x 27648) B = 196,608 B per token over 24,576 more tokens = 4.5 GiB
        assertThat(v0At8k - v0At32k).isEqualTo(24576L * 196608);
        assertThat(budget(Shapes.QWEN_32B, H100, 8192, 1, 1, 0.9, "0.11.0").kvPoolBytes())
                .isEqualTo(budget(Shapes.QWEN_32B, H100, 32768, 1, 1, 0.9, "0.11.0")
                        .kvPoolBytes());
    }

    @Test
    void v1_a100_usesTheSmallerBatchDefaults() {
        Hardware a100 = nvidia("NVIDIA A100-SXM4-80GB", 81920, 1);
        assertThat(budget(Shapes.LLAMA_8B, a100, 16384, 256, 1, 0.9, "0.11.0").profiledTokens())
                .isEqualTo(2048);
    }

    @Test
    void moe_routingCaches_growWithTokensUpToTheFusedMoeChunk() {
        // Qwen3-30B-A3B at TP=1: 8 experts x (2 x 768 + 768 + 2048) x 2 B = 69,632 B per token
        assertThat(VllmProfiling.moeCaches(Shapes.QWEN3_30B_A3B, 1, 8192).bytes())
                .isEqualTo(8192L * 69632);
        assertThat(VllmProfiling.moeCaches(Shapes.QWEN3_30B_A3B, 1, 65536))
                .isEqualTo(VllmProfiling.moeCaches(Shapes.QWEN3_30B_A3B, 1, 32768));
        assertThat(VllmProfiling.moeCaches(Shapes.LLAMA_8B, 1, 8192)).isEqualTo(DataSize.ZERO);
    }

    @Test
    void overBudget_poolIsNegative_andHoldsNoTokens() {
        // Llama-3.3-70B BF16 on one H100: 131 GiB of weights against a 71 GiB budget
        VllmBudget b = budget(Shapes.LLAMA_70B, H100, 16000, 1024, 1, 0.9, "0.11.0");
        assertThat(b.kvPoolBytes()).isNegative();
        assertThat(b.kvPool()).isEqualTo(DataSize.ZERO);
        assertThat(b.kvCapacityTokens()).isZero();
    }

    @Test
    void mxfp4Experts_carryMarlinsPadding_gptOssIs2944x3072Over2880Squared() {
        assertThat(VllmProfiling.mxfp4ExpertPadding(Shapes.GPT_OSS_120B, 1))
                .isCloseTo(2944.0 / 2880 * 3072 / 2880, within(1e-12));
        // TP=2: 1440 per rank rounds up to 1536
        assertThat(VllmProfiling.mxfp4ExpertPadding(Shapes.GPT_OSS_120B, 2))
                .isCloseTo(1536.0 / 1440 * 3072 / 2880, within(1e-12));
        assertThat(VllmProfiling.mxfp4ExpertPadding(Shapes.LLAMA_8B, 1)).isEqualTo(1.0);
    }
}
