package dev.thinkrig.cli;

import dev.thinkrig.cli.render.Columns;
import dev.thinkrig.cli.render.Formats;
import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.profiles.catalog.ModelEntry;
import dev.thinkrig.profiles.store.HuggingFaceCache;
import dev.thinkrig.profiles.store.LocalStores;
import dev.thinkrig.profiles.store.OllamaStore;
import dev.thinkrig.sizing.DataSize;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code thinkrig models}: the model catalog, or with {@code --local} what the local model stores hold. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = {
            "List the models thinkrig can plan.",
            "With --local, the models in the local Ollama store and Hugging Face cache."
        })
public final class ModelsCommand implements Callable<Integer> {

    private final Environment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    FormatMixin output;

    @Option(
            names = "--local",
            description = "list the local Ollama store ($OLLAMA_MODELS or ~/.ollama/models) and Hugging Face cache"
                    + " ($HF_HUB_CACHE, $HF_HOME/hub or ~/.cache/huggingface/hub) instead of the catalog")
    boolean local;

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

    /**
     * One model in a local store.
     *
     * @param store {@code ollama} or {@code huggingface}
     * @param name what {@code thinkrig plan} takes: the Ollama name or the repository id
     * @param format {@code GGUF} or {@code SAFETENSORS}
     * @param sizeBytes the weight files' bytes (the GGUF blob; the snapshot's safetensors files), null when unreadable
     * @param catalogId the catalog model the name finds (which {@code plan NAME} then plans), or null
     * @param path the GGUF blob or the snapshot directory; the manifest or repository directory when unreadable
     * @param problem why the entry cannot be planned, or null
     */
    public record LocalModel(
            String store, String name, String format, Long sizeBytes, String catalogId, String path, String problem) {}

    /** The {@code --local --format json} document: where the stores are, and what they hold. */
    public record LocalListing(String ollamaStore, String huggingFaceCache, List<LocalModel> models) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (local) {
            return listLocal(out);
        }
        List<ModelEntry> entries = environment.models().entries();
        if (!output.table()) {
            out.println(Formats.write(entries.stream().map(ModelsCommand::info).toList(), output.format));
            out.flush();
            return ExitCode.OK.code;
        }
        Columns table = new Columns("<><><<", "id", "params", "reasoning", "AIME24", "ollama", "vllm");
        for (ModelEntry e : entries) {
            ModelInfo i = info(e);
            table.row(
                    i.id(),
                    String.format(Locale.ROOT, "%.1fB", i.parameters() / 1e9),
                    i.reasoning(),
                    i.aime2024() == null ? "-" : String.format(Locale.ROOT, "%.1f", i.aime2024()),
                    i.ollamaModel() == null ? "-" : i.ollamaModel(),
                    String.join(" ", i.vllmQuantizations()));
        }
        table.print(out);
        out.flush();
        return ExitCode.OK.code;
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

    private int listLocal(PrintWriter out) {
        LocalStores stores = environment.localStores();
        LocalListing listing = listing(stores, environment.models());
        if (!output.table()) {
            out.println(Formats.write(listing, output.format));
            out.flush();
            return ExitCode.OK.code;
        }
        Columns table = new Columns("<<<><", "store", "name", "format", "size", "catalog");
        for (LocalModel m : listing.models()) {
            table.row(
                    m.store(),
                    m.name(),
                    m.format(),
                    m.sizeBytes() == null ? "-" : DataSize.ofBytes(m.sizeBytes()),
                    m.problem() != null ? "unreadable: " + m.problem() : m.catalogId() == null ? "-" : m.catalogId());
        }
        table.print(out);
        if (listing.models().isEmpty()) {
            out.println("(no models)");
        }
        out.println();
        out.println("Ollama store: " + listing.ollamaStore());
        out.println("Hugging Face cache: " + listing.huggingFaceCache());
        out.flush();
        return ExitCode.OK.code;
    }

    /** What both stores hold, Ollama first, each in name order. */
    static LocalListing listing(LocalStores stores, ModelCatalog catalog) {
        List<LocalModel> models = new ArrayList<>();
        for (OllamaStore.Listed l : stores.ollama().list()) {
            Optional<OllamaStore.Model> m = l.model();
            String problem = l.problem().orElse(null);
            Long size = null;
            try {
                size = m.map(OllamaStore.Model::sizeBytes).orElse(null);
            } catch (ModelFileException e) {
                problem = e.getMessage();
            }
            models.add(new LocalModel(
                    "ollama",
                    l.name(),
                    "GGUF",
                    size,
                    catalog.find(l.name()).map(ModelEntry::id).orElse(null),
                    m.map(x -> x.blob().toString()).orElse(l.manifest().toString()),
                    problem));
        }
        for (HuggingFaceCache.Listed l : stores.huggingFace().list()) {
            Optional<HuggingFaceCache.Snapshot> s = l.snapshot();
            String problem = l.problem().orElse(null);
            Long size = null;
            try {
                size = s.map(HuggingFaceCache.Snapshot::sizeBytes).orElse(null);
            } catch (ModelFileException e) {
                problem = e.getMessage();
            }
            models.add(new LocalModel(
                    "huggingface",
                    l.repo(),
                    "SAFETENSORS",
                    size,
                    catalog.find(l.repo()).map(ModelEntry::id).orElse(null),
                    s.map(x -> x.snapshot().toString()).orElse(l.directory().toString()),
                    problem));
        }
        return new LocalListing(
                stores.ollama().root().toString(), stores.huggingFace().root().toString(), models);
    }
}
