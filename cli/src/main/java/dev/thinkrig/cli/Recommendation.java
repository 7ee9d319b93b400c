package dev.thinkrig.cli;

import dev.thinkrig.cli.render.PlanReport;
import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.profiles.catalog.ModelEntry;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.model.ReasoningMode;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.sizing.plan.PlanException;
import dev.thinkrig.sizing.plan.Planner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The catalog ranked for one machine: every model planned with the same options, those that fit ordered by their
 * published reasoning score (models without one last), then by size.
 */
public record Recommendation(Hardware hardware, List<Plan> fitting, List<Miss> missing) {

    /** A model that does not fit (or cannot be planned with these options), and the first reason. */
    public record Miss(ModelSpec model, String reason) {}

    static final Comparator<Plan> STRONGEST_FIRST = Comparator.comparing(
                    (Plan p) -> p.request().model().benchmarkScore().orElse(Double.NEGATIVE_INFINITY),
                    Comparator.reverseOrder())
            .thenComparing(p -> p.request().model().publishedParameters(), Comparator.reverseOrder());

    public static Recommendation rank(ModelCatalog catalog, Hardware hardware, PlanOptions options, Planner planner) {
        List<Plan> fitting = new ArrayList<>();
        List<Miss> missing = new ArrayList<>();
        for (ModelEntry entry : catalog.entries()) {
            ModelSpec spec = entry.toSpec();
            if (spec.reasoningMode() == ReasoningMode.NONE) {
                continue; // the ranking is of reasoning models; instruct models are planned by name
            }
            Plan plan;
            try {
                plan = planner.plan(options.request(spec, hardware, Optional.empty()));
            } catch (PlanException e) {
                missing.add(new Miss(spec, e.getMessage()));
                continue;
            }
            if (plan.fits()) {
                fitting.add(plan);
            } else {
                String reason = plan.closest()
                        .map(c -> c.problems().get(0))
                        .orElse(
                                plan.rejections().isEmpty()
                                        ? "no engine can serve it here"
                                        : plan.rejections().get(0).why());
                missing.add(new Miss(spec, reason));
            }
        }
        fitting.sort(STRONGEST_FIRST);
        missing.sort(Comparator.comparing(m -> m.model().publishedParameters()));
        return new Recommendation(hardware, fitting, missing);
    }

    /** The JSON / YAML form: the plan of every model that fits, best first, and why the others do not. */
    public Report report() {
        return new Report(
                fitting.stream().map(p -> PlanReport.of(p, List.of())).toList(),
                missing.stream()
                        .map(m -> new MissInfo(m.model().id(), m.reason()))
                        .toList(),
                hardware.notes());
    }

    public record Report(List<PlanReport> recommendations, List<MissInfo> notFitting, List<String> notes) {}

    public record MissInfo(String model, String reason) {}
}
