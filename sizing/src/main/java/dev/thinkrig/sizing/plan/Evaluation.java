package dev.thinkrig.sizing.plan;

import dev.thinkrig.sizing.speed.SpeedEstimate;
import java.util.List;

/**
 * A configuration with its memory and speed, and the reasons it does not fit (none when it does).
 *
 * @param notes facts worth telling the user that do not stop the plan (for example a raised wired limit would help)
 */
public record Evaluation(
        Configuration config, MemoryBreakdown memory, SpeedEstimate speed, List<String> problems, List<String> notes) {

    public Evaluation {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public boolean fits() {
        return problems.isEmpty();
    }
}
