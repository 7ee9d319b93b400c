package dev.thinkrig.sizing.engine;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.plan.MemoryBreakdown;
import dev.thinkrig.sizing.speed.DecodePath;
import java.util.List;
import java.util.Optional;

/**
 * An engine's verdict on one configuration: its memory, the reasons it does not fit, and what decoding reads.
 *
 * @param prefillFlopsPerSecond usable prefill throughput; NaN where no compute figure is published
 * @param wiredLimitNeeded on Apple, the GPU working set that would make this configuration fit when the working-set
 *     limit is its only problem and raising {@code iogpu.wired_limit_mb} can reach it; empty otherwise
 */
public record EngineEvaluation(
        MemoryBreakdown memory,
        List<String> problems,
        DecodePath decodePath,
        double prefillFlopsPerSecond,
        Optional<DataSize> wiredLimitNeeded) {

    public EngineEvaluation {
        problems = List.copyOf(problems);
        java.util.Objects.requireNonNull(wiredLimitNeeded, "wiredLimitNeeded");
    }

    public EngineEvaluation(
            MemoryBreakdown memory, List<String> problems, DecodePath decodePath, double prefillFlopsPerSecond) {
        this(memory, problems, decodePath, prefillFlopsPerSecond, Optional.empty());
    }
}
