package dev.thinkrig.profiles.modelfile;

import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.profiles.catalog.ModelEntry;
import dev.thinkrig.profiles.gguf.GgufModelReader;
import dev.thinkrig.profiles.safetensors.SafetensorsModelReader;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.model.ReasoningMode;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Model files on disk as {@code plan} arguments: which arguments are paths, reading them, and the spec to plan. */
public final class ModelFiles {

    /**
     * The reasoning budget assumed for a file that matches no catalog model: 32,768 tokens, what DeepSeek-R1 and Qwen3
     * recommend (the catalog's most common budget), at most half the model's context. An assumption, said so in the
     * plan's notes; {@code --reasoning-budget} overrides it.
     */
    static final int ASSUMED_REASONING_BUDGET = 32_768;

    private ModelFiles() {}

    /**
     * Whether a {@code plan} argument names a file or directory rather than a catalog name: it ends in {@code .gguf},
     * starts like a path ({@code /}, {@code ./}, {@code ../}, {@code ~/}), or exists. A Hugging Face repo id such as
     * {@code deepseek-ai/DeepSeek-R1-Distill-Qwen-32B} stays a name unless such a directory exists here.
     */
    public static boolean isPath(String argument) {
        String a = argument.trim();
        if (a.toLowerCase(Locale.ROOT).endsWith(".gguf")
                || a.startsWith("/")
                || a.startsWith("./")
                || a.startsWith("../")
                || a.startsWith("~/")
                || a.equals(".")) {
            return true;
        }
        try {
            return Files.exists(Path.of(a));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** Reads a GGUF file (or its shards) or a safetensors checkpoint directory. */
    public static ModelFile read(Path path) {
        if (Files.isDirectory(path)) {
            if (!SafetensorsModelReader.isCheckpoint(path)) {
                throw new ModelFileException(
                        path.toString(),
                        ModelFileException.NO_OFFSET,
                        "a directory without config.json: give a .gguf file or a Hugging Face checkpoint directory");
            }
            return SafetensorsModelReader.read(path);
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".safetensors") || name.equals("config.json")) {
            Path dir = path.toAbsolutePath().getParent();
            return SafetensorsModelReader.read(dir);
        }
        if (!Files.exists(path)) {
            throw new ModelFileException(path.toString(), ModelFileException.NO_OFFSET, "no such file or directory");
        }
        return GgufModelReader.read(path);
    }

    /**
     * The catalog model the file is a build of: one whose name matches a name the file states and whose shape is the
     * file's (a Qwen2.5-32B finetune shares the distill's shape, so a name is needed; a name alone could be wrong).
     */
    public static Optional<ModelEntry> catalogMatch(ModelFile file, ModelCatalog catalog) {
        for (String hint : file.nameHints()) {
            for (String candidate : List.of(hint, normalized(hint))) {
                Optional<ModelEntry> entry = catalog.find(candidate);
                if (entry.isPresent() && sameShape(entry.get().modelShape(), file.shape())) {
                    return entry;
                }
            }
        }
        return Optional.empty();
    }

    /** "DeepSeek R1 Distill Qwen 32B" to "deepseek-r1-distill-qwen-32b", the catalog's id style. */
    static String normalized(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_]+", "-");
    }

    /**
     * Equal shapes, the context aside (files may extend it with RoPE scaling); experts, latent attention and sliding
     * windows included.
     */
    static boolean sameShape(ModelShape a, ModelShape b) {
        return a.architecture() == b.architecture()
                && a.layers() == b.layers()
                && a.hiddenSize() == b.hiddenSize()
                && a.intermediateSize() == b.intermediateSize()
                && a.attentionHeads() == b.attentionHeads()
                && a.kvHeads() == b.kvHeads()
                && a.headDim() == b.headDim()
                && a.vocabSize() == b.vocabSize()
                && a.experts().equals(b.experts())
                && a.latentAttention().equals(b.latentAttention())
                && a.slidingWindow().equals(b.slidingWindow());
    }

    /**
     * The spec to plan the file: its shape, the one engine family that loads its format in its quantization, and its
     * measured weights. Reasoning and benchmark facts come from the matched catalog entry; without one the budget is
     * {@link #ASSUMED_REASONING_BUDGET} and {@link #notes} says so.
     */
    public static ModelSpec toSpec(ModelFile file, Optional<ModelEntry> match) {
        Quantization quant = file.quantization()
                .orElseThrow(() -> new ModelFileException(
                        file.source(),
                        ModelFileException.NO_OFFSET,
                        "thinkrig cannot plan " + file.quantizationName() + " weights yet (it plans "
                                + plannable(file.format()) + ")"));
        Engine engine = file.format() == WeightFormat.GGUF ? Engine.OLLAMA : Engine.VLLM;
        Map<Engine, List<Quantization>> servings = Map.of(engine, List.of(quant));
        Path path = Path.of(file.source()).getFileName();
        String id = path == null ? file.source() : path.toString();
        if (match.isPresent()) {
            ModelEntry e = match.get();
            return new ModelSpec(
                    id,
                    e.name() + " (" + id + ")",
                    file.shape(),
                    file.weights().parameters(),
                    e.reasoning().reasoningMode(),
                    e.reasoning().defaultBudgetTokens(),
                    e.benchmark() == null
                            ? Optional.empty()
                            : Optional.of(e.benchmark().score()),
                    servings,
                    Map.of(quant, file.weights()));
        }
        return new ModelSpec(
                id,
                file.name(),
                file.shape(),
                file.weights().parameters(),
                ReasoningMode.HYBRID,
                assumedBudget(file),
                Optional.empty(),
                servings,
                Map.of(quant, file.weights()));
    }

    /** What a plan of this file should tell the user: where the numbers came from and what was assumed. */
    public static List<String> notes(ModelFile file, Optional<ModelEntry> match) {
        List<String> notes = new ArrayList<>();
        notes.add(String.format(
                Locale.ROOT,
                "weights measured from %s: %s, %,d bytes in %d tensors%s",
                file.source(),
                file.quantizationName(),
                file.totalBytes(),
                file.tensors().size(),
                file.notes().isEmpty() ? "" : " (" + String.join("; ", file.notes()) + ")"));
        if (match.isPresent()) {
            notes.add("reasoning budget and benchmark from the catalog entry "
                    + match.get().id());
        } else {
            notes.add(String.format(
                    Locale.ROOT,
                    "no catalog model matches this file; assumed a reasoning budget of %,d tokens"
                            + " (--reasoning-budget sets it)",
                    assumedBudget(file)));
        }
        return notes;
    }

    static int assumedBudget(ModelFile file) {
        return Math.min(ASSUMED_REASONING_BUDGET, file.shape().maxContextTokens() / 2);
    }

    private static String plannable(WeightFormat format) {
        return Arrays.stream(Quantization.values())
                .filter(q -> q.availableIn(format))
                .map(Quantization::name)
                .collect(Collectors.joining(", "));
    }
}
