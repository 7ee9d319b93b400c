package dev.thinkrig.cli.accuracy;

import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.engine.EngineVersion;
import dev.thinkrig.sizing.engine.VllmBudget;
import dev.thinkrig.sizing.engine.VllmMemory;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.plan.Evaluation;
import dev.thinkrig.sizing.plan.PlanRequest;
import dev.thinkrig.sizing.plan.Planner;
import dev.thinkrig.sizing.plan.Workload;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightBreakdown;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One observed engine setup planned exactly as it ran: the engine, quantization, KV type, context, parallel sequences,
 * tensor-parallel size, utilization and release are fixed, and the model is offered in that quantization whatever its
 * catalog lists (an observation may use a shape-equivalent model). Used by the accuracy table and by {@code
 * check-log}.
 *
 * @param model a catalog entry's spec, or one read from a model file (its measured weights are kept)
 *
 * @param decode plan a decode measurement: a 128-token budget after a 1-token prompt (llama-bench's tg128); otherwise
 *     the cache is sized by the context alone
 */
public record ExactPlan(
        ModelSpec model,
        Hardware hardware,
        Engine engine,
        Quantization quantization,
        Optional<KvCacheType> kvCacheType,
        OptionalInt context,
        int parallel,
        int tensorParallel,
        OptionalDouble gpuMemoryUtilization,
        boolean flashAttention,
        Optional<EngineVersion> engineVersion,
        boolean decode) {

    public PlanRequest request() {
        Map<Engine, List<Quantization>> servings = new EnumMap<>(Engine.class);
        servings.put(engine, List.of(quantization));
        Map<Quantization, WeightBreakdown> measured = model.measuredWeights().containsKey(quantization)
                ? Map.of(quantization, model.measuredWeights().get(quantization))
                : Map.of();
        ModelSpec spec = new ModelSpec(
                model.id(),
                model.name(),
                model.shape(),
                model.publishedParameters(),
                model.reasoningMode(),
                model.defaultReasoningBudget(),
                model.benchmarkScore(),
                servings,
                measured,
                model.nimRequirements());
        Workload workload = decode ? new Workload(1, 128, 1, parallel, 1) : new Workload(1, 0, 1, parallel, 1);
        return new PlanRequest(
                spec,
                hardware,
                workload,
                Optional.of(engine),
                Optional.of(quantization),
                kvCacheType,
                context,
                OptionalInt.of(tensorParallel),
                gpuMemoryUtilization,
                flashAttention ? PlanRequest.FlashAttention.ON : PlanRequest.FlashAttention.OFF,
                1,
                engineVersion);
    }

    /** The configuration as planned: the one chosen, or the closest when it does not fit. */
    public Evaluation evaluate() {
        var plan = new Planner().plan(request());
        if (plan.chosen().isEmpty() && plan.closest().isEmpty()) {
            throw new IllegalStateException("the configuration was rejected: " + plan.rejections());
        }
        return plan.shown();
    }

    /** vLLM's per-rank terms for the configuration. */
    public VllmBudget vllm() {
        return VllmMemory.budget(request(), evaluate().config());
    }
}
