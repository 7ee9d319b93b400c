package dev.thinkrig.cli;

import dev.thinkrig.cli.render.Formats;
import dev.thinkrig.profiles.catalog.ModelEntry;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code thinkrig models}: the model catalog. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the models thinkrig can plan.")
public final class ModelsCommand implements Callable<Integer> {

    private final Environment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    FormatMixin output;

    public ModelsCommand(Environment environment) {
        this.environment = environment;
    }

    /** One catalog entry in the machine-readable listing. */
    public record ModelInfo(
            String id,
            String name,
            String huggingFaceRepo,
            String ollamaModel,
            long parameters,
            String reasoning,
            int defaultReasoningBudget,
            Double aime2024,
            List<String> ollamaQuantizations,
            List<String> vllmQuantizations,
            List<String> nimQuantizations) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ModelEntry> entries = environment.models().entries();
        if (!output.table()) {
            out.println(Formats.write(entries.stream().map(ModelsCommand::info).toList(), output.format));
            out.flush();
            return ExitCodes.OK;
        }
        out.printf("%-30s %8s %-9s %7s  %-22s %s%n", "id", "params", "reasoning", "AIME24", "ollama", "vllm");
        for (ModelEntry e : entries) {
            ModelInfo i = info(e);
            out.printf(
                    Locale.ROOT,
                    "%-30s %7.1fB %-9s %7s  %-22s %s%n",
                    i.id(),
                    i.parameters() / 1e9,
                    i.reasoning(),
                    i.aime2024() == null ? "-" : String.format(Locale.ROOT, "%.1f", i.aime2024()),
                    i.ollamaModel() == null ? "-" : i.ollamaModel(),
                    String.join(" ", i.vllmQuantizations()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    static ModelInfo info(ModelEntry e) {
        return new ModelInfo(
                e.id(),
                e.name(),
                e.huggingFaceRepo(),
                e.ollamaModel(),
                e.parameters().total(),
                e.reasoning().mode(),
                e.reasoning().defaultBudgetTokens(),
                e.benchmark() == null ? null : e.benchmark().score(),
                e.serving().ollama().stream().map(b -> b.quantization().name()).toList(),
                e.serving().vllm().stream().map(b -> b.quantization().name()).toList(),
                e.serving().nim() == null
                        ? List.of()
                        : e.serving().nim().quantizations().stream()
                                .map(Enum::name)
                                .toList());
    }
}
