package dev.thinkrig.templates.recipe;

import dev.thinkrig.sizing.Bandwidth;
import dev.thinkrig.sizing.Compute;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Host;
import dev.thinkrig.sizing.hardware.Platform;
import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.model.ReasoningMode;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.sizing.plan.PlanRequest;
import dev.thinkrig.sizing.plan.Planner;
import dev.thinkrig.sizing.plan.Workload;
import dev.thinkrig.sizing.quant.Quantization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Real plans for the compose tests: DeepSeek-R1-Distill-Qwen-32B (its config.json shape) on machines built like the
 * shipped presets (the presets themselves live in profiles; the cli's golden tests use them directly).
 */
public final class Fixtures {

    public static final ModelShape QWEN_32B =
            new ModelShape(Architecture.QWEN2, 64, 5120, 27648, 40, 8, 128, 152064, 131072, false, true, false);

    public static final String ID = "deepseek-r1-distill-qwen-32b";
    public static final String NAME = "DeepSeek-R1-Distill-Qwen-32B";
    public static final String REPO = "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B";

    private Fixtures() {}

    public static ModelSpec model(String name) {
        return new ModelSpec(
                ID,
                name,
                QWEN_32B,
                32_763_876_352L,
                ReasoningMode.ALWAYS,
                32768,
                Optional.of(72.6),
                Map.of(
                        Engine.OLLAMA, List.of(Quantization.Q4_K_M, Quantization.Q8_0, Quantization.F16),
                        Engine.VLLM, List.of(Quantization.BF16, Quantization.FP8, Quantization.AWQ),
                        Engine.NIM, List.of(Quantization.BF16, Quantization.FP8)));
    }

    public static CatalogFacts facts(String name, Quantization q) {
        return new CatalogFacts(
                ID,
                name,
                REPO,
                Optional.of("deepseek-r1:32b-qwen-distill-" + q.name().toLowerCase(java.util.Locale.ROOT)),
                Optional.of(
                        q == Quantization.AWQ
                                ? "casperhansen/deepseek-r1-distill-qwen-32b-awq"
                                : q == Quantization.FP8 ? "RedHatAI/DeepSeek-R1-Distill-Qwen-32B-FP8-dynamic" : REPO),
                Optional.of("deepseek_r1"),
                Optional.of("nvcr.io/nim/deepseek-ai/deepseek-r1-distill-qwen-32b"));
    }

    private static Host host(long gib, int cores) {
        return new Host(
                "cpu",
                cores,
                DataSize.ofGiB(gib),
                DataSize.ofGiB(gib - 8),
                Optional.of(Bandwidth.ofGBps(83)),
                Optional.empty());
    }

    public static Hardware h100() {
        Accelerator gpu = new Accelerator(
                "NVIDIA H100 80GB HBM3",
                "sm_90",
                DataSize.ofMiB(81559),
                DataSize.ofMiB(81559),
                Optional.of(Bandwidth.ofGBps(3350)),
                Optional.of(Compute.ofTflops(989)),
                true,
                false,
                true,
                Optional.empty());
        return new Hardware("h100-80gb", "NVIDIA H100", Platform.NVIDIA, List.of(gpu), host(2048, 112), List.of());
    }

    public static Hardware rtx4090(int count) {
        Accelerator gpu = new Accelerator(
                "NVIDIA GeForce RTX 4090",
                "sm_89",
                DataSize.ofMiB(24564),
                DataSize.ofMiB(24564),
                Optional.of(Bandwidth.ofGBps(1008)),
                Optional.of(Compute.ofTflops(165)),
                true,
                false,
                false,
                Optional.empty());
        return new Hardware(
                count == 1 ? "rtx-4090" : count + "x-rtx-4090",
                count == 1 ? "NVIDIA GeForce RTX 4090" : count + " x NVIDIA GeForce RTX 4090",
                Platform.NVIDIA,
                java.util.Collections.nCopies(count, gpu),
                host(64, 16),
                List.of());
    }

    public static Hardware spark() {
        Accelerator gpu = new Accelerator(
                "NVIDIA GB10",
                "sm_121",
                DataSize.parse("121.69 GiB"),
                DataSize.ofGiB(101),
                Optional.of(Bandwidth.ofGBps(273)),
                Optional.empty(),
                true,
                true,
                false,
                Optional.empty());
        return new Hardware(
                "dgx-spark",
                "NVIDIA DGX Spark (GB10)",
                Platform.NVIDIA_UNIFIED,
                List.of(gpu),
                host(128, 20),
                List.of());
    }

    public static Hardware strixHalo() {
        Accelerator gpu = new Accelerator(
                "AMD Radeon 8060S",
                "gfx1151",
                DataSize.parse("128 GB"),
                DataSize.parse("62.82 GiB"),
                Optional.of(Bandwidth.ofGBps(256)),
                Optional.of(Compute.ofTflops(59.4)),
                false,
                false,
                false,
                Optional.empty());
        return new Hardware(
                "strix-halo-128", "AMD Strix Halo", Platform.AMD_UNIFIED, List.of(gpu), host(128, 16), List.of());
    }

    public static Hardware appleM3Ultra() {
        Accelerator gpu = new Accelerator(
                "Apple M3 Ultra",
                "apple-m3",
                DataSize.ofGiB(96),
                DataSize.parse("77.76 GiB"),
                Optional.of(Bandwidth.ofGBps(819)),
                Optional.empty(),
                false,
                false,
                false,
                Optional.empty());
        return new Hardware(
                "m3-ultra-96", "Apple M3 Ultra 96 GB", Platform.APPLE, List.of(gpu), host(96, 28), List.of());
    }

    public static Hardware cpu() {
        return new Hardware("cpu-only", "CPU only", Platform.CPU, List.of(), host(64, 8), List.of());
    }

    /** The plan thinkrig makes for the model on {@code hardware} with {@code engine} and {@code quant}. */
    public static Plan plan(String name, Hardware hardware, Engine engine, Quantization quant, OptionalInt tp) {
        return plan(name, hardware, engine, quant, tp, 1);
    }

    /** The plan over {@code nodes} identical machines. */
    public static Plan plan(
            String name, Hardware hardware, Engine engine, Quantization quant, OptionalInt tp, int nodes) {
        PlanRequest request = new PlanRequest(
                model(name),
                hardware,
                new Workload(2048, 32768, 2048, 1, 1),
                Optional.of(engine),
                Optional.of(quant),
                Optional.empty(),
                OptionalInt.empty(),
                tp,
                OptionalDouble.empty(),
                PlanRequest.FlashAttention.AUTO,
                nodes);
        return new Planner().plan(request);
    }

    public static Plan plan(Hardware hardware, Engine engine, Quantization quant) {
        return plan(NAME, hardware, engine, quant, OptionalInt.empty());
    }

    public static RecipeOptions options() {
        return new RecipeOptions("thinkrig compose test", Optional.empty(), false, Optional.empty());
    }
}
