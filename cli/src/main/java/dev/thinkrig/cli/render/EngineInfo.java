package dev.thinkrig.cli.render;

import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.engine.VllmBudget;
import dev.thinkrig.sizing.engine.VllmMemory;
import dev.thinkrig.sizing.engine.VllmRegime;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.plan.Plan;
import java.util.Locale;

/**
 * The {@code engine} object of {@code plan --format json} (docs/cli.md): the engine release the plan assumes and, for
 * vLLM, one rank's start-up arithmetic.
 *
 * @param id {@code vllm}, {@code ollama} or {@code nim}
 * @param version the release ({@code 0.21.0}): {@code --engine-version}, or the pinned image's; null for NIM, whose
 *     images are versioned per model
 * @param regime vLLM only (else null): how that release sizes its KV pool, {@code v0}, {@code v1} or {@code
 *     v1-graphs-in-budget} (docs/how-sizing-works.md)
 * @param pinned whether the version is the pinned image's default rather than one given
 * @param budget vLLM and NIM only (else null): the per-rank terms of vLLM's start-up arithmetic
 * @param calibration what this machine's calibration changed ({@code check-log --save}); null when none applied
 */
public record EngineInfo(
        String id, String version, String regime, boolean pinned, BudgetInfo budget, String calibration) {

    /**
     * vLLM's arithmetic on one rank, each term as its start-up log names it (sizing's VllmBudget); sizes in bytes.
     *
     * @param kvPoolBytes "Available KV cache memory"; negative when the other terms exceed the budget
     * @param kvCapacityTokens tokens of full-attention context the pool holds ("GPU KV cache size" without sliding
     *     windows)
     * @param cudaGraphsInBudget whether the release takes CUDA graphs from the budget (v0.21 and later)
     */
    public record BudgetInfo(
            long torchTotalBytes,
            double gpuMemoryUtilization,
            long budgetBytes,
            long weightsBytes,
            long activationBytes,
            long nonTorchBytes,
            long cudaGraphsBytes,
            boolean cudaGraphsInBudget,
            long kvPoolBytes,
            long kvBytesPerToken,
            long kvCapacityTokens,
            long profiledTokens,
            int maxNumSeqs) {

        static BudgetInfo of(VllmBudget b) {
            return new BudgetInfo(
                    b.torchTotal().bytes(),
                    b.gpuMemoryUtilization(),
                    b.budget().bytes(),
                    b.weights().bytes(),
                    b.activation().bytes(),
                    b.nonTorch().bytes(),
                    b.cudaGraphs().bytes(),
                    b.cudaGraphsInBudget(),
                    b.kvPoolBytes(),
                    b.kvBytesPerToken().bytes(),
                    b.kvCapacityTokens(),
                    b.profiledTokens(),
                    b.maxNumSeqs());
        }
    }

    /** The engine object for {@code config}, the configuration the plan shows. */
    static EngineInfo of(Plan plan, Configuration config) {
        Engine engine = config.engine();
        boolean pinned = plan.request().engineVersion().isEmpty();
        BudgetInfo budget = engine.usesKvPool() ? BudgetInfo.of(VllmMemory.budget(plan.request(), config)) : null;
        if (engine == Engine.NIM) {
            return new EngineInfo(engine.id(), null, null, pinned, budget, calibration(plan, engine));
        }
        var version = plan.request().engineVersion(engine);
        String regime = engine == Engine.VLLM
                ? VllmRegime.of(version).name().toLowerCase(Locale.ROOT).replace('_', '-')
                : null;
        return new EngineInfo(engine.id(), version.toString(), regime, pinned, budget, calibration(plan, engine));
    }

    private static String calibration(Plan plan, Engine engine) {
        var c = plan.request().calibration(engine);
        return c.isNone() ? null : c.source();
    }
}
