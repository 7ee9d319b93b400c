package dev.thinkrig.cli;

import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.profiles.catalog.ModelEntry;
import dev.thinkrig.profiles.modelfile.ModelFile;
import dev.thinkrig.profiles.modelfile.ModelFiles;
import dev.thinkrig.profiles.store.OllamaStore;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.sizing.plan.PlanRequest;
import dev.thinkrig.sizing.plan.Planner;
import dev.thinkrig.sizing.quant.WeightFormat;
import dev.thinkrig.templates.recipe.CatalogFacts;
import dev.thinkrig.templates.recipe.LocalWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A MODEL argument resolved the one way {@code plan}, {@code compose} and {@code deploy} share: a path (a GGUF file or
 * a Hugging Face checkpoint directory), then a catalog name (also under its Ollama registry name), then a model in the
 * local Ollama store or Hugging Face cache.
 */
final class ModelReference {

    private final String argument;
    private final Optional<ModelCatalog.Resolved> catalog;
    private final Optional<ModelFile> file;
    private final Optional<ModelEntry> match;
    private final Optional<ModelSpec> fileSpec;
    private final boolean path;

    private ModelReference(
            String argument,
            Optional<ModelCatalog.Resolved> catalog,
            Optional<ModelFile> file,
            Optional<ModelEntry> match,
            Optional<ModelSpec> fileSpec,
            boolean path) {
        this.argument = argument;
        this.catalog = catalog;
        this.file = file;
        this.match = match;
        this.fileSpec = fileSpec;
        this.path = path;
    }

    /** Resolves {@code model}; an unknown name throws the catalog's error with its suggestions. */
    static ModelReference resolve(Environment environment, String model) {
        // a path, then a catalog name, then the local Ollama store, then the Hugging Face cache
        if (ModelFiles.isPath(model)) {
            return ofFile(environment, model, ModelFiles.read(Path.of(model)), true);
        }
        String catalogName = model;
        if (environment.models().find(model).isEmpty()) {
            // library/qwq:32b and registry.ollama.ai/library/qwq:32b are the catalog's qwq:32b too
            Optional<String> ollamaName = OllamaStore.shortName(model)
                    .filter(n -> environment.models().find(n).isPresent());
            if (ollamaName.isPresent()) {
                catalogName = ollamaName.get();
            } else {
                Optional<ModelFile> stored = environment.localStores().read(model);
                if (stored.isPresent()) {
                    return ofFile(environment, model, stored.get(), false);
                }
            }
        }
        return new ModelReference(
                model,
                Optional.of(environment.models().resolve(catalogName)),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false);
    }

    private static ModelReference ofFile(Environment environment, String model, ModelFile file, boolean path) {
        // a file's own bytes: its shape, its quantization, its measured weights
        Optional<ModelEntry> match = ModelFiles.catalogMatch(file, environment.models());
        return new ModelReference(
                model, Optional.empty(), Optional.of(file), match, Optional.of(ModelFiles.toSpec(file, match)), path);
    }

    /** What {@code thinkrig plan} is told to plan the same model: the catalog id, or the argument (a path, a name). */
    String planArgument() {
        return catalog.isPresent() ? id() : argument;
    }

    /** The catalog id, or the file's name, as messages and the deployment name use it. */
    String id() {
        return catalog.map(c -> c.entry().id())
                .orElseGet(() -> fileSpec.orElseThrow().id());
    }

    /** The model's name as people read it. */
    String name() {
        return catalog.map(c -> c.entry().name())
                .orElseGet(() -> fileSpec.orElseThrow().name());
    }

    /**
     * Plans the model on {@code hardware}: a catalog model with this machine's calibrations, a file (or a store's
     * model) with only the engine that loads its format. {@code notes} gets what the user should know about where the
     * numbers came from.
     */
    Plan plan(Environment environment, Hardware hardware, PlanOptions options, Planner planner, List<String> notes) {
        if (catalog.isPresent()) {
            ModelCatalog.Resolved resolved = catalog.get();
            return planner.plan(environment
                    .calibrations()
                    .apply(options.request(resolved.entry().toSpec(), hardware, resolved.quantization()), notes));
        }
        ModelSpec spec = fileSpec.orElseThrow();
        Optional<Engine> asked = options.engine();
        if (asked.isPresent() && spec.quantizationsFor(asked.get()).isEmpty()) {
            throw new IllegalArgumentException(argument + " is a "
                    + file.orElseThrow().format() + " model, which "
                    + String.join(
                            ", ",
                            spec.servings().keySet().stream().map(Engine::id).toList())
                    + " loads; " + asked.get().id() + " loads "
                    + asked.get().weightFormat() + " models");
        }
        PlanRequest r = options.request(spec, hardware, Optional.empty());
        // only the engine that loads the file's format is planned: the others have nothing to load
        Engine fileEngine = spec.servings().keySet().iterator().next();
        Plan plan = planner.plan(new PlanRequest(
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
        notes.addAll(ModelFiles.notes(file.orElseThrow(), match));
        return plan;
    }

    /**
     * What a recipe needs to serve the chosen configuration: the catalog's facts; for a file, its name, the matched
     * catalog entry's reasoning parser and the weights to mount; for a store's model, the name its engine fetches it by
     * (Ollama's tag, the Hugging Face repository vLLM finds in the mounted cache).
     */
    CatalogFacts facts(Configuration chosen) {
        if (catalog.isPresent()) {
            return catalogFacts(catalog.get().entry(), chosen);
        }
        ModelFile f = file.orElseThrow();
        ModelSpec spec = fileSpec.orElseThrow();
        boolean gguf = f.format() == WeightFormat.GGUF;
        return new CatalogFacts(
                spec.id(),
                spec.name(),
                match.map(ModelEntry::huggingFaceRepo).orElse(f.name()),
                path || !gguf ? Optional.empty() : Optional.of(f.source()),
                path || gguf ? Optional.empty() : Optional.of(f.source()),
                match.flatMap(e -> Optional.ofNullable(e.reasoning().vllmReasoningParser())),
                Optional.empty(),
                path ? Optional.of(localWeights(f, gguf)) : Optional.empty());
    }

    /** The catalog's facts about serving the chosen quantization, the only catalog data a recipe needs. */
    static CatalogFacts catalogFacts(ModelEntry entry, Configuration chosen) {
        return new CatalogFacts(
                entry.id(),
                entry.name(),
                entry.huggingFaceRepo(),
                entry.ollamaTag(chosen.quantization()),
                entry.vllmRepo(chosen.quantization()),
                Optional.ofNullable(entry.reasoning().vllmReasoningParser()),
                Optional.ofNullable(entry.serving().nim()).map(ModelEntry.Nim::image));
    }

    /** The file's directory (a GGUF) or the checkpoint directory (given as itself, a .safetensors or config.json). */
    private static LocalWeights localWeights(ModelFile f, boolean gguf) {
        Path p = Path.of(f.source()).toAbsolutePath().normalize();
        if (gguf) {
            return LocalWeights.gguf(p.getParent().toString(), p.getFileName().toString());
        }
        return LocalWeights.checkpoint((Files.isDirectory(p) ? p : p.getParent()).toString());
    }
}
