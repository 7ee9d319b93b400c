package dev.thinkrig.cli;

import dev.thinkrig.cli.render.Formats;
import dev.thinkrig.cli.render.PlanReport;
import dev.thinkrig.cli.render.PlanTable;
import dev.thinkrig.cli.render.RecommendationTable;
import dev.thinkrig.cli.render.Style;
import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.profiles.catalog.ModelEntry;
import dev.thinkrig.profiles.modelfile.ModelFile;
import dev.thinkrig.profiles.modelfile.ModelFiles;
import dev.thinkrig.profiles.store.OllamaStore;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.sizing.plan.PlanRequest;
import dev.thinkrig.sizing.plan.Planner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        Plan plan;
        List<String> notes = new ArrayList<>(hardware.notes());
        // a path, then a catalog name, then the local Ollama store, then the Hugging Face cache
        Optional<ModelFile> local = Optional.empty();
        String catalogName = model;
        if (ModelFiles.isPath(model)) {
            local = Optional.of(ModelFiles.read(Path.of(model)));
        } else if (environment.models().find(model).isEmpty()) {
            // library/qwq:32b and registry.ollama.ai/library/qwq:32b are the catalog's qwq:32b too
            Optional<String> ollamaName = OllamaStore.shortName(model)
                    .filter(n -> environment.models().find(n).isPresent());
            if (ollamaName.isPresent()) {
                catalogName = ollamaName.get();
            } else {
                local = environment.localStores().read(model);
            }
        }
        if (local.isPresent()) {
            // a file's own bytes: its shape, its quantization, its measured weights
            ModelFile file = local.get();
            Optional<ModelEntry> match = ModelFiles.catalogMatch(file, environment.models());
            ModelSpec spec = ModelFiles.toSpec(file, match);
            Optional<Engine> asked = options.engine();
            if (asked.isPresent() && spec.quantizationsFor(asked.get()).isEmpty()) {
                throw new IllegalArgumentException(model + " is a " + file.format() + " model, which "
                        + String.join(
                                ", ",
                                spec.servings().keySet().stream()
                                        .map(Engine::id)
                                        .toList())
                        + " loads; " + asked.get().id() + " loads "
                        + asked.get().weightFormat() + " models");
            }
            PlanRequest r = options.request(spec, hardware, Optional.empty());
            // only the engine that loads the file's format is planned: the others have nothing to load
            Engine fileEngine = spec.servings().keySet().iterator().next();
            plan = planner.plan(new PlanRequest(
                    r.model(),
                    r.hardware(),
                    r.workload(),
                    Optional.of(fileEngine),
                    r.quantization(),
                    r.kvCacheType(),
                    r.contextTokens(),
                    r.tensorParallel(),
                    r.gpuMemoryUtilization(),
                    r.flashAttention(),
                    r.nodes()));
            notes.addAll(ModelFiles.notes(file, match));
        } else {
            ModelCatalog.Resolved resolved = environment.models().resolve(catalogName);
            plan = planner.plan(environment
                    .calibrations()
                    .apply(options.request(resolved.entry().toSpec(), hardware, resolved.quantization()), notes));
        }
        if (output.table()) {
            new PlanTable(out, new Style(environment.colour())).render(plan, notes);
        } else {
            out.println(Formats.write(PlanReport.of(plan, notes), output.format));
        }
        out.flush();
        return plan.fits() ? ExitCode.OK.code : ExitCode.DOES_NOT_FIT.code;
    }
}
