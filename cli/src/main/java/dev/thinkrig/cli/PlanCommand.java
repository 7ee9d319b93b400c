package dev.thinkrig.cli;

import dev.thinkrig.cli.render.Formats;
import dev.thinkrig.cli.render.PlanReport;
import dev.thinkrig.cli.render.PlanTable;
import dev.thinkrig.cli.render.RecommendationTable;
import dev.thinkrig.cli.render.Style;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.sizing.plan.Planner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code thinkrig plan [MODEL]}: the best configuration that fits, or with no model the best models that fit. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Plan a reasoning model on this machine (or a preset): memory per device, speed, time to think.",
            "Without MODEL, rank the catalog's reasoning models that fit."
        })
public final class PlanCommand implements Callable<Integer> {

    private final Environment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "MODEL",
            description = "Catalog id (qwq-32b), Ollama tag (deepseek-r1:32b), Hugging Face repo id, a .gguf file "
                    + "or a Hugging Face checkpoint directory (config.json + safetensors)")
    String model;

    @Mixin
    HardwareMixin hardwareOption;

    @Mixin
    PlanOptions options;

    @Mixin
    FormatMixin output;

    public PlanCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Hardware hardware = hardwareOption.resolve(environment);
        Planner planner = new Planner();
        if (model == null) {
            Recommendation recommendation = Recommendation.rank(environment.models(), hardware, options, planner);
            if (output.table()) {
                new RecommendationTable(out, new Style(environment.colour())).render(recommendation);
            } else {
                out.println(Formats.write(recommendation.report(), output.format));
            }
            out.flush();
            return recommendation.fitting().isEmpty() ? ExitCode.DOES_NOT_FIT.code : ExitCode.OK.code;
        }
        List<String> notes = new ArrayList<>(hardware.notes());
        Plan plan = ModelReference.resolve(environment, model).plan(environment, hardware, options, planner, notes);
        if (output.table()) {
            new PlanTable(out, new Style(environment.colour())).render(plan, notes);
        } else {
            out.println(Formats.write(PlanReport.of(plan, notes), output.format));
        }
        out.flush();
        return plan.fits() ? ExitCode.OK.code : ExitCode.DOES_NOT_FIT.code;
    }
}
