package dev.thinkrig.sizing.plan;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.speed.SpeedEstimate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A configuration with its memory and speed, and the reasons it does not fit (none when it does).
 *
 * @param notes facts worth telling the user that do not stop the plan (for example a raised wired limit would help)
 * @param wiredLimitNeeded on Apple, the GPU working set under which this configuration would fit, when the working-set
 *     limit is all that stops it and {@code iogpu.wired_limit_mb} can be raised that far
 */
public record Evaluation(
        Configuration config,
        MemoryBreakdown memory,
        SpeedEstimate speed,
        List<String> problems,
        List<String> notes,
        Optional<DataSize> wiredLimitNeeded) {

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
        this(config, memory, speed, problems, notes, Optional.empty());
    }

    public boolean fits() {
        return problems.isEmpty();
    }
}
