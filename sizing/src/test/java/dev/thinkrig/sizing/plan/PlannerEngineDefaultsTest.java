package dev.thinkrig.sizing.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.Shapes;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.engine.NimProfile;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Host;
import dev.thinkrig.sizing.hardware.Platform;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.model.NimRequirement;
import dev.thinkrig.sizing.model.ReasoningMode;
import dev.thinkrig.sizing.quant.Quantization;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The largest fitting context, Ollama's automatic context and NIM's own profile choice, as the planner reports them. */
class PlannerEngineDefaultsTest {

    private static final Hardware RTX_4090 = nvidia(1, 24564, 24000);

    private static Hardware nvidia(int count, long memoryMiB, long usableMiB) {
        Accelerator gpu = new Accelerator(
                "NVIDIA GeForce RTX 4090",
                "sm_89",
                DataSize.ofMiB(memoryMiB),
                DataSize.ofMiB(usableMiB),
                Optional.empty(),
                Optional.empty(),
                true,
                false,
                false,
                Optional.empty());
        return new Hardware(
                "test",
                "test",
                Platform.NVIDIA,
                Collections.nCopies(count, gpu),
                new Host("cpu", 16, DataSize.ofGiB(64), DataSize.ofGiB(56), Optional.empty(), Optional.empty()),
                List.of());
    }

    private static ModelSpec qwen7b(List<NimRequirement> nim) {
        return new ModelSpec(
                "qwen-7b",
                "Qwen 7B",
                Shapes.QWEN_7B,
                Shapes.QWEN_7B.parameterCount(),
                ReasoningMode.ALWAYS,
                4096,
                Optional.empty(),
                Map.of(
                        Engine.OLLAMA, List.of(Quantization.Q4_K_M),
                        Engine.NIM, List.of(Quantization.BF16, Quantization.FP8)),
                Map.of(),
                nim);
    }

    private static Plan plan(ModelSpec model, Hardware hardware, Engine engine, int context) {
        return plan(model, hardware, engine, Optional.empty(), OptionalInt.empty(), context);
    }

    private static Plan plan(
            ModelSpec model,
            Hardware hardware,
            Engine engine,
            Optional<Quantization> quantization,
            OptionalInt tensorParallel,
            int context) {
        return new Planner()
                .plan(new PlanRequest(
                        model,
                        hardware,
                        new Workload(512, 4096, 512, 1, 1),
                        Optional.of(engine),
                        quantization,
                        engine == Engine.OLLAMA ? Optional.of(KvCacheType.F16) : Optional.empty(),
                        OptionalInt.of(context),
                        tensorParallel,
                        OptionalDouble.empty(),
                        PlanRequest.FlashAttention.AUTO));
    }

    @Test
    void ollama_largestContext_isTheLongestThatStillFits() {
        Plan plan = plan(qwen7b(List.of()), RTX_4090, Engine.OLLAMA, 8192);
        Evaluation shown = plan.shown();
        int largest = shown.largestContextTokens();
        // Qwen 7B Q4_K_M (4.4 GiB) with f16 KV of 56 KiB per token: the 131,072-token maximum fits in 24 GB
        assertThat(largest).isEqualTo(131072);

        // f16 KV (fixed): 8 GiB leaves room for part of the maximum context only
        Plan q8 = plan(qwen7b(List.of()), nvidia(1, 8192, 8000), Engine.OLLAMA, 6144);
        int small = q8.shown().largestContextTokens();
        assertThat(small).isBetween(6144, 131071);
        assertThat(small % 256).isZero();
        // one step more no longer fits, the largest itself does
        Plan atLargest = plan(qwen7b(List.of()), nvidia(1, 8192, 8000), Engine.OLLAMA, small);
        Plan beyond = plan(qwen7b(List.of()), nvidia(1, 8192, 8000), Engine.OLLAMA, small + 256);
        assertThat(atLargest.fits()).isTrue();
        assertThat(beyond.chosen().filter(e -> !e.config().partialOffload())).isEmpty();
    }

    @Test
    void ollama_noteSaysWhatOllamaWouldPickOnItsOwn() {
        Plan plan = plan(qwen7b(List.of()), RTX_4090, Engine.OLLAMA, 8192);
        assertThat(plan.shown().notes())
                .anySatisfy(n -> assertThat(n).contains("Ollama on its own would use a 32,768-token context"));
    }

    @Test
    void vllm_largestContext_fitsAndOneTokenMoreDoesNot() {
        Plan plan = plan(qwen7b(List.of()), RTX_4090, Engine.NIM, 8192);
        Evaluation shown = plan.shown();
        Optional<Quantization> quant = Optional.of(shown.config().quantization());
        int largest = shown.largestContextTokens();
        // on one 24 GB card the KV pool, not the model's 131,072-token maximum, is the limit
        assertThat(largest).isBetween(8192, 131071);
        assertThat(plan(qwen7b(List.of()), RTX_4090, Engine.NIM, quant, OptionalInt.empty(), largest)
                        .fits())
                .isTrue();
        assertThat(plan(qwen7b(List.of()), RTX_4090, Engine.NIM, quant, OptionalInt.empty(), largest + 1)
                        .fits())
                .isFalse();
    }

    @Test
    void nim_automaticProfile_prefersLowerPrecisionAmongThoseThatFit() {
        Plan plan = plan(qwen7b(List.of()), nvidia(2, 24564, 24000), Engine.NIM, 8192);
        // Qwen 7B has 28 heads: tensor parallel 1, 2 and 4 divide it; FP8 fits on one and two GPUs; NVIDIA's order
        // takes the lower precision, then the higher tensor-parallel size
        assertThat(plan.nimAutomaticProfile()).map(NimProfile::name).contains("vllm-fp8-tp2-pp1");
    }

    @Test
    void nim_belowNvidiasPublishedMinimum_saysSo() {
        NimRequirement req = new NimRequirement(
                "bf16", DataSize.ofBytes(30_000_000_000L), DataSize.ofBytes(40_000_000_000L), "test card");
        Plan plan = plan(qwen7b(List.of(req)), RTX_4090, Engine.NIM, 8192);
        assertThat(plan.shown().notes())
                .anySatisfy(n -> assertThat(n).contains("below the 30 GB (27.94 GiB) NVIDIA publishes as the minimum"));
        // a 36,000 MiB card (37.7 GB) passes the 30 GB minimum but not the 40 GB NVIDIA recommends
        Plan between = plan(qwen7b(List.of(req)), nvidia(1, 36000, 35000), Engine.NIM, 8192);
        assertThat(between.shown().config().ranks()).isEqualTo(1);
        assertThat(between.shown().notes())
                .anySatisfy(n -> assertThat(n).contains("below the 40 GB", "NIM_RELAX_MEM_CONSTRAINTS=1"))
                .noneSatisfy(n -> assertThat(n).contains("minimum"));
    }
}
