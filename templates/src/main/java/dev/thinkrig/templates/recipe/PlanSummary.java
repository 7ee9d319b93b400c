package dev.thinkrig.templates.recipe;

import dev.thinkrig.sizing.plan.Evaluation;
import dev.thinkrig.sizing.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The plan's key numbers, formatted, for the header of every generated file and the README's "what was planned".
 *
 * @param header comment lines that open every generated file: what generated it and the plan's key numbers
 * @param notes the plan's and the hardware's notes
 */
public record PlanSummary(
        List<String> header,
        String model,
        String hardware,
        String configuration,
        String workload,
        String memory,
        String kvBytesPerToken,
        String kvCapacityTokens,
        String speed,
        List<MemoryRow> memoryRows,
        List<String> notes) {

    public PlanSummary {
        header = List.copyOf(header);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(hardware, "hardware");
        memoryRows = List.copyOf(memoryRows);
        notes = List.copyOf(notes);
    }

    /** One row of the README's memory table, already formatted. */
    public record MemoryRow(
            String device,
            String layers,
            String weights,
            String kvCache,
            String compute,
            String overhead,
            String total,
            String usable) {}

    static PlanSummary of(Plan plan, Evaluation e, String modelName, String invocation) {
        List<String> notes = new ArrayList<>(e.notes());
        notes.addAll(plan.request().hardware().notes());
        return new PlanSummary(
                PlanText.header(plan, e, invocation),
                modelName,
                plan.request().hardware().name(),
                PlanText.configuration(e.config()),
                PlanText.workload(plan.request().workload()),
                PlanText.memory(e.memory()),
                PlanText.tokens(e.memory().kvBytesPerToken().bytes()),
                PlanText.tokens(e.memory().kvCapacityTokens()),
                PlanText.speed(e),
                PlanText.rows(e.memory()),
                notes);
    }
}
