package dev.thinkrig.sizing.plan;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.speed.SpeedEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A configuration with its memory and speed, and the reasons it does not fit (none when it does).
 *
 * @param notes facts worth telling the user that do not stop the plan (for example a raised wired limit would help)
 * @param wiredLimitNeeded on Apple, the GPU working set under which this configuration would fit, when the working-set
 *     limit is all that stops it and {@code iogpu.wired_limit_mb} can be raised that far
 * @param largestContextTokens the longest context per sequence that would fit with everything else unchanged (vLLM's
 *     largest {@code --max-model-len}, Ollama's largest {@code num_ctx}), at most the model's maximum; 0 when none
 *     does; {@link #NOT_COMPUTED} where the planner did not search it (configurations it does not report)
 */
public record Evaluation(
        Configuration config,
        MemoryBreakdown memory,
        SpeedEstimate speed,
        List<String> problems,
        List<String> notes,
        Optional<DataSize> wiredLimitNeeded,
        int largestContextTokens) {

    /** {@code largestContextTokens} of an evaluation the planner did not search. */
    public static final int NOT_COMPUTED = -1;

    public Evaluation {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
        Objects.requireNonNull(wiredLimitNeeded, "wiredLimitNeeded");
    }

    public Evaluation(
            Configuration config,
            MemoryBreakdown memory,
            SpeedEstimate speed,
            List<String> problems,
            List<String> notes) {
        this(config, memory, speed, problems, notes, Optional.empty(), NOT_COMPUTED);
    }

    public Evaluation(
            Configuration config,
            MemoryBreakdown memory,
            SpeedEstimate speed,
            List<String> problems,
            List<String> notes,
            Optional<DataSize> wiredLimitNeeded) {
        this(config, memory, speed, problems, notes, wiredLimitNeeded, NOT_COMPUTED);
    }

    /** This evaluation with the largest fitting context filled in. */
    public Evaluation withLargestContext(int tokens) {
        return new Evaluation(config, memory, speed, problems, notes, wiredLimitNeeded, tokens);
    }

    /** This evaluation with {@code more} notes after its own. */
    public Evaluation withNotes(List<String> more) {
        List<String> all = new ArrayList<>(notes);
        all.addAll(more);
        return new Evaluation(config, memory, speed, problems, all, wiredLimitNeeded, largestContextTokens);
    }

    public boolean fits() {
        return problems.isEmpty();
    }
}
