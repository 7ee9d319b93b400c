package dev.thinkrig.sizing.engine;

import dev.thinkrig.sizing.plan.MemoryBreakdown;
import dev.thinkrig.sizing.speed.DecodePath;
import java.util.List;

/**
 * An engine's verdict on one configuration: its memory, the reasons it does not fit, and what decoding reads.
 *
 * @param prefillFlopsPerSecond usable prefill throughput; NaN where no compute figure is published
 */
public record EngineEvaluation(
        MemoryBreakdown memory, List<String> problems, DecodePath decodePath, double prefillFlopsPerSecond) {

    public EngineEvaluation {
        problems = List.copyOf(problems);
    }
}
