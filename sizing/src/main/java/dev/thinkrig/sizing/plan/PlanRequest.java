package dev.thinkrig.sizing.plan;

import dev.thinkrig.sizing.engine.Calibration;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.engine.EngineReleases;
import dev.thinkrig.sizing.engine.EngineSupport;
import dev.thinkrig.sizing.engine.EngineVersion;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.quant.Quantization;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What to plan: a model on a machine for a workload, with the choices the user fixed. An empty option is searched.
 *
 * @param nodes identical machines the model may span ({@code --nodes}); more than one plans vLLM over Ray
 * @param engineVersion the release of {@code engine} to plan for ({@code --engine-version}); empty: the pinned image's
 *     (see {@link #engineVersion(Engine)}); given only together with an engine
 * @param calibrations corrections measured from this machine's engine logs ({@code check-log --save}), per engine;
 *     an engine without one is planned uncorrected
 */
public record PlanRequest(
        ModelSpec model,
        Hardware hardware,
        Workload workload,
        Optional<Engine> engine,
        Optional<Quantization> quantization,
        Optional<KvCacheType> kvCacheType,
        OptionalInt contextTokens,
        OptionalInt tensorParallel,
        OptionalDouble gpuMemoryUtilization,
        FlashAttention flashAttention,
        int nodes,
        Optional<EngineVersion> engineVersion,
        Map<Engine, Calibration> calibrations) {

    public PlanRequest(
            ModelSpec model,
            Hardware hardware,
            Workload workload,
            Optional<Engine> engine,
            Optional<Quantization> quantization,
            Optional<KvCacheType> kvCacheType,
            OptionalInt contextTokens,
            OptionalInt tensorParallel,
            OptionalDouble gpuMemoryUtilization,
            FlashAttention flashAttention,
            int nodes,
            Optional<EngineVersion> engineVersion) {
        this(
                model,
                hardware,
                workload,
                engine,
                quantization,
                kvCacheType,
                contextTokens,
                tensorParallel,
                gpuMemoryUtilization,
                flashAttention,
                nodes,
                engineVersion,
                Map.of());
    }

    /** The same request planned with {@code calibrations}. */
    public PlanRequest withCalibrations(Map<Engine, Calibration> calibrations) {
        return new PlanRequest(
                model,
                hardware,
                workload,
                engine,
                quantization,
                kvCacheType,
                contextTokens,
                tensorParallel,
                gpuMemoryUtilization,
                flashAttention,
                nodes,
                engineVersion,
                calibrations);
    }

    /** The correction measured for {@code engine} on this machine, or {@link Calibration#NONE}. */
    public Calibration calibration(Engine engine) {
        return calibrations.getOrDefault(engine, Calibration.NONE);
    }

    public PlanRequest(
            ModelSpec model,
            Hardware hardware,
            Workload workload,
            Optional<Engine> engine,
            Optional<Quantization> quantization,
            Optional<KvCacheType> kvCacheType,
            OptionalInt contextTokens,
            OptionalInt tensorParallel,
            OptionalDouble gpuMemoryUtilization,
            FlashAttention flashAttention,
            int nodes) {
        this(
                model,
                hardware,
                workload,
                engine,
                quantization,
                kvCacheType,
                contextTokens,
                tensorParallel,
                gpuMemoryUtilization,
                flashAttention,
                nodes,
                Optional.empty());
    }

    public PlanRequest(
            ModelSpec model,
            Hardware hardware,
            Workload workload,
            Optional<Engine> engine,
            Optional<Quantization> quantization,
            Optional<KvCacheType> kvCacheType,
            OptionalInt contextTokens,
            OptionalInt tensorParallel,
            OptionalDouble gpuMemoryUtilization,
            FlashAttention flashAttention) {
        this(
                model,
                hardware,
                workload,
                engine,
                quantization,
                kvCacheType,
                contextTokens,
                tensorParallel,
                gpuMemoryUtilization,
                flashAttention,
                1,
                Optional.empty());
    }

    /**
     * The release plans of {@code engine} assume: the one given, else the pinned image's. NIM runs its own vLLM build
     * inside a per-model image; its profiles are planned with the pinned vLLM's arithmetic.
     */
    public EngineVersion engineVersion(Engine engine) {
        if (engineVersion.isPresent() && this.engine.equals(Optional.of(engine))) {
            return engineVersion.get();
        }
        return EngineReleases.pinned(engine).orElse(EngineReleases.VLLM_PINNED);
    }

    /** {@code --flash-attention}: llama.cpp's setting; {@code auto} turns it on, as every platform supports it. */
    public enum FlashAttention {
        AUTO,
        ON,
        OFF
    }

    public PlanRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(hardware, "hardware");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(flashAttention, "flashAttention");
        Objects.requireNonNull(engineVersion, "engineVersion");
        calibrations = Map.copyOf(calibrations);
        if (engineVersion.isPresent()) {
            if (engine.isEmpty()) {
                throw new PlanException("--engine-version " + engineVersion.get()
                        + " needs --engine: a release number belongs to one engine (vllm or ollama)");
            }
            try {
                EngineReleases.require(engine.get(), engineVersion.get());
            } catch (IllegalArgumentException e) {
                throw new PlanException(e.getMessage());
            }
        }
        if (engine.isPresent() && kvCacheType.isPresent()) {
            // options that contradict each other on any machine are a usage error, not a plan that does not fit
            Optional<String> why =
                    EngineSupport.contradiction(engine.get(), kvCacheType.get(), flashAttention == FlashAttention.OFF);
            if (why.isPresent()) {
                throw new PlanException(String.format(
                        "--engine %s with --kv-cache-type %s: %s",
                        engine.get().id(), kvCacheType.get().cliName(), why.get()));
            }
        }
        int needed = workload.tokensPerSequence();
        if (needed > model.shape().maxContextTokens()) {
            throw new PlanException(String.format(
                    "prompt %,d + reasoning budget %,d + answer %,d = %,d tokens exceeds %s's %,d-token context; %s",
                    workload.promptTokens(),
                    workload.reasoningBudgetTokens(),
                    workload.answerTokens(),
                    needed,
                    model.name(),
                    model.shape().maxContextTokens(),
                    shorten(workload, model.shape().maxContextTokens())));
        }
        if (contextTokens.isPresent()) {
            int context = contextTokens.getAsInt();
            if (context < 1) {
                throw new PlanException("--context must be at least 1 token, was " + context);
            }
            if (context > model.shape().maxContextTokens()) {
                throw new PlanException(String.format(
                        "--context %,d exceeds %s's %,d-token context",
                        context, model.name(), model.shape().maxContextTokens()));
            }
            if (context < needed) {
                throw new PlanException(String.format(
                        "--context %,d cannot hold prompt %,d + reasoning budget %,d + answer %,d = %,d tokens; "
                                + "raise --context to %,d or more, or %s",
                        context,
                        workload.promptTokens(),
                        workload.reasoningBudgetTokens(),
                        workload.answerTokens(),
                        needed,
                        needed,
                        shorten(workload, context)));
            }
        }
        if (nodes < 1) {
            throw new PlanException("--nodes must be at least 1, was " + nodes);
        }
        if (nodes > model.shape().layers()) {
            // a pipeline stage per node needs at least one layer
            throw new PlanException(String.format(
                    "--nodes %d is more than %s's %d layers: each node holds at least one layer, so at most %d",
                    nodes, model.name(), model.shape().layers(), model.shape().layers()));
        }
        if (tensorParallel.isPresent() && tensorParallel.getAsInt() < 1) {
            throw new PlanException("--tensor-parallel must be at least 1");
        }
        if (gpuMemoryUtilization.isPresent()) {
            double u = gpuMemoryUtilization.getAsDouble();
            if (!(u > 0 && u <= 1)) {
                throw new PlanException("--gpu-memory-utilization must be in (0, 1], was " + u);
            }
        }
    }

    /**
     * What makes the workload fit {@code limit} tokens: a reasoning budget that leaves room for the prompt and answer,
     * or, when those alone do not fit, a shorter prompt or answer (a lower budget cannot help then).
     */
    private static String shorten(Workload workload, int limit) {
        long room = (long) limit - workload.promptTokens() - workload.answerTokens();
        return room > 0
                ? String.format("lower --reasoning-budget to %,d or less", room)
                : String.format(
                        "the prompt and answer alone (%,d tokens) leave no room for reasoning: shorten"
                                + " --prompt-tokens or --answer-tokens",
                        (long) workload.promptTokens() + workload.answerTokens());
    }
}
