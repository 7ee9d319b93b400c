package dev.thinkrig.cli.render;

import dev.thinkrig.cli.Recommendation;
import dev.thinkrig.sizing.plan.Evaluation;
import dev.thinkrig.sizing.plan.Plan;
import java.io.PrintWriter;
import java.util.Locale;

/** Renders the catalog ranking for a machine. */
public final class RecommendationTable {

    private final PrintWriter out;
    private final Style style;

    public RecommendationTable(PrintWriter out, Style style) {
        this.out = out;
        this.style = style;
    }

    public void render(Recommendation r) {
        out.printf(
                "%s on %s (%s usable)%n%n",
                style.bold("Reasoning models that fit"),
                r.hardware().name(),
                r.hardware().usableMemory());
        if (r.fitting().isEmpty()) {
            out.println("  " + style.bad("None of the catalog's models fits."));
        } else {
            out.printf(
                    "  %-30s %6s  %-44s %10s %12s %14s%n",
                    "model", "AIME24", "configuration", "memory", "decode", "time to think");
            for (Plan p : r.fitting()) {
                Evaluation e = p.chosen().orElseThrow();
                out.printf(
                        "  %-30s %6s  %-44s %10s %12s %14s%n",
                        p.request().model().id(),
                        p.request()
                                .model()
                                .benchmarkScore()
                                .map(s -> String.format(Locale.ROOT, "%.1f", s))
                                .orElse("-"),
                        PlanTable.describe(e.config()),
                        e.memory().total(),
                        Text.rate(e.speed().decodeTokensPerSecond()),
                        Text.duration(e.speed().timeToThinkSeconds()));
            }
            out.println();
            out.println("  AIME24: AIME 2024 pass@1 as published by the model's authors (the catalog cites each).");
            out.printf(
                    "  Time to think: each model's reasoning budget after a %s-token prompt (--reasoning-budget, "
                            + "--prompt-tokens).%n",
                    Text.tokens(r.fitting().get(0).request().workload().promptTokens()));
        }
        if (!r.missing().isEmpty()) {
            out.println();
            out.println(style.bold("Do not fit"));
            for (Recommendation.Miss m : r.missing()) {
                out.printf("  %-30s %s%n", m.model().id(), m.reason());
            }
        }
        if (!r.hardware().notes().isEmpty()) {
            out.println();
            out.println(style.bold("Notes"));
            r.hardware().notes().forEach(n -> out.printf("  - %s%n", n));
        }
        out.flush();
    }
}
