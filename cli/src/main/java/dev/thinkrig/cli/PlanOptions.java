package dev.thinkrig.cli;

import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.engine.EngineVersion;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.plan.PlanRequest;
import dev.thinkrig.sizing.plan.ReasoningBudget;
import dev.thinkrig.sizing.plan.Workload;
import dev.thinkrig.sizing.quant.Quantization;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/** The workload and configuration options of {@code plan}. */
public final class PlanOptions {

    /**
     * Tokens assumed for the prompt when none is given: a question with some context. A workload assumption, not a
     * measured figure; {@code --prompt-tokens} overrides it.
     */
    static final int DEFAULT_PROMPT_TOKENS = 2048;

    /** Tokens assumed for the final answer after the reasoning trace; {@code --answer-tokens} overrides it. */
    static final int DEFAULT_ANSWER_TOKENS = 2048;

    @Option(
            names = "--engine",
            paramLabel = "ENGINE",
            defaultValue = "auto",
            description = "auto, ollama, vllm or nim (default: ${DEFAULT-VALUE}: every engine this machine runs)")
    String engine;

    @Option(
            names = "--quant",
            paramLabel = "Q",
            description = "Weight quantization: Q4_K_M, Q8_0, F16, BF16, FP8, AWQ, GPTQ, NVFP4, ... (default: search)")
    String quantization;

    @Option(
            names = "--context",
            paramLabel = "N",
            description = "Context per sequence in tokens (default: search, at least prompt + budget + answer)")
    Integer context;

    @Option(
            names = "--reasoning-budget",
            paramLabel = "N|none|low|medium|high",
            defaultValue = "high",
            description = "Thinking tokens per sequence; high is the model vendor's recommendation, medium half of it, "
                    + "low an eighth (default: ${DEFAULT-VALUE})")
    String reasoningBudget;

    @Option(
            names = "--prompt-tokens",
            paramLabel = "N",
            description = "Prompt length in tokens (default: " + DEFAULT_PROMPT_TOKENS + ")")
    int promptTokens = DEFAULT_PROMPT_TOKENS;

    @Option(
            names = "--answer-tokens",
            paramLabel = "N",
            description = "Answer length after the reasoning, in tokens (default: " + DEFAULT_ANSWER_TOKENS + ")")
    int answerTokens = DEFAULT_ANSWER_TOKENS;

    @Option(
            names = "--samples",
            paramLabel = "N",
            description = "Parallel samples of one prompt (self-consistency, best-of-N); each thinks separately "
                    + "(default: 1)")
    int samples = 1;

    @Option(names = "--concurrency", paramLabel = "N", description = "Independent requests served at once (default: 1)")
    int concurrency = 1;

    @Option(
            names = "--kv-cache-type",
            paramLabel = "TYPE",
            defaultValue = "auto",
            description = "auto, f16, bf16, fp8, q8_0 or q4_0 (default: ${DEFAULT-VALUE})")
    String kvCacheType;

    @Option(
            names = "--tensor-parallel",
            paramLabel = "N",
            description = "GPUs to split the model over with tensor parallelism (vLLM, NIM; default: search)")
    Integer tensorParallel;

    @Option(
            names = "--gpu-memory-utilization",
            paramLabel = "F",
            description = "vLLM's share of each GPU, 0 to 1 (default: 0.9, or less when less is free)")
    Double gpuMemoryUtilization;

    @Option(
            names = "--nodes",
            paramLabel = "N",
            defaultValue = "1",
            description = "Identical machines the model may span: more than one plans vLLM over Ray, tensor parallel "
                    + "within each node and a pipeline stage per node, or tensor parallel across the nodes "
                    + "(default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(
            names = "--engine-version",
            paramLabel = "V",
            description = "The engine release to plan for, e.g. 0.11.0 or v0.8.5.post1 (vLLM 0.6.0 to 0.29.x, "
                    + "Ollama 0.5.0 to 0.32.x); needs --engine (default: the pinned image's release)")
    String engineVersion;

    @Option(
            names = "--flash-attention",
            paramLabel = "MODE",
            defaultValue = "auto",
            description = "auto, on or off: llama.cpp flash attention for Ollama (default: ${DEFAULT-VALUE} = on)")
    PlanRequest.FlashAttention flashAttention;

    Optional<Engine> engine() {
        return "auto".equalsIgnoreCase(engine) ? Optional.empty() : Optional.of(Engine.parse(engine));
    }

    Optional<KvCacheType> kvCacheType() {
        return "auto".equalsIgnoreCase(kvCacheType)
                ? Optional.empty()
                : Optional.of(KvCacheType.parse(kvCacheType.toLowerCase(Locale.ROOT)));
    }

    /** The request for {@code model}; {@code fixedQuantization} is one the model name itself chose. */
    public PlanRequest request(
            ModelSpec model, dev.thinkrig.sizing.hardware.Hardware hardware, Optional<Quantization> fixedQuantization) {
        Workload workload = new Workload(
                promptTokens, ReasoningBudget.resolve(reasoningBudget, model), answerTokens, samples, concurrency);
        Optional<Quantization> quant =
                quantization == null ? fixedQuantization : Optional.of(Quantization.parse(quantization));
        return new PlanRequest(
                model,
                hardware,
                workload,
                engine(),
                quant,
                kvCacheType(),
                context == null ? OptionalInt.empty() : OptionalInt.of(context),
                tensorParallel == null ? OptionalInt.empty() : OptionalInt.of(tensorParallel),
                gpuMemoryUtilization == null ? OptionalDouble.empty() : OptionalDouble.of(gpuMemoryUtilization),
                flashAttention,
                nodes,
                engineVersion == null ? Optional.empty() : Optional.of(EngineVersion.parse(engineVersion)));
    }
}
