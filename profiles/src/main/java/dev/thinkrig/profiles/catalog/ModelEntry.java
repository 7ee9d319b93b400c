package dev.thinkrig.profiles.catalog;

import dev.thinkrig.profiles.modelfile.ShapeLimits;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.Experts;
import dev.thinkrig.sizing.model.LatentAttention;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.model.NimRequirement;
import dev.thinkrig.sizing.model.ReasoningMode;
import dev.thinkrig.sizing.model.SlidingWindow;
import dev.thinkrig.sizing.quant.Quantization;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One model catalog file ({@code models/<id>.yaml}) as written; docs/model-catalog-format.md describes it. The
 * compact constructors validate what the file says; {@link #toSpec()} gives sizing what it needs.
 */
public record ModelEntry(
        String id,
        String name,
        String huggingFaceRepo,
        String ollamaModel,
        List<String> aliases,
        String license,
        String architecture,
        Shape shape,
        Parameters parameters,
        Reasoning reasoning,
        Benchmark benchmark,
        Serving serving) {

    /** How far a published parameter count may differ from the one computed from the shape. */
    static final double PARAMETER_TOLERANCE = 0.005;

    public ModelEntry {
        require(id, "id");
        require(name, "name");
        require(huggingFaceRepo, "huggingFaceRepo");
        require(architecture, "architecture");
        Objects.requireNonNull(shape, "shape is required");
        Objects.requireNonNull(parameters, "parameters is required");
        Objects.requireNonNull(reasoning, "reasoning is required");
        Objects.requireNonNull(serving, "serving is required");
        if (!id.equals(id.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("id must be lowercase: " + id);
        }
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        // checks the dimensions now, so an error carries this file's position
        shape.checkRanges();
        double count = ShapeLimits.parameters(toShape(architecture, shape));
        if (count > ShapeLimits.PARAMETERS) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "shape describes %.3g parameters; thinkrig plans models of at most %s (2^48)",
                    count,
                    ShapeLimits.format(ShapeLimits.PARAMETERS)));
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    /**
     * The {@code shape:} section: config.json's dimensions. {@code experts}, {@code latentAttention} and
     * {@code slidingWindow} are present only for models that have them.
     */
    public record Shape(
            int layers,
            long hiddenSize,
            long intermediateSize,
            int attentionHeads,
            int kvHeads,
            int headDim,
            long vocabSize,
            int maxContextTokens,
            Boolean tiedEmbeddings,
            Boolean attentionBias,
            Boolean qkNorm,
            Experts experts,
            LatentAttention latentAttention,
            SlidingWindow slidingWindow,
            String source) {

        public Shape {
            Objects.requireNonNull(tiedEmbeddings, "shape.tiedEmbeddings is required");
            Objects.requireNonNull(attentionBias, "shape.attentionBias is required");
            Objects.requireNonNull(qkNorm, "shape.qkNorm is required");
            Objects.requireNonNull(source, "shape.source is required");
        }

        /**
         * Bounds a user's catalog file like a model's own config.json ({@link ShapeLimits} says why each is safe).
         * Called by the entry, not here: Jackson reports a misspelt key only once the section is built, and a missing
         * dimension's 0 must not hide it.
         */
        void checkRanges() {
            range("shape.layers", layers, 1, ShapeLimits.LAYERS);
            range("shape.hiddenSize", hiddenSize, 1, ShapeLimits.WIDTH);
            range("shape.intermediateSize", intermediateSize, 1, ShapeLimits.WIDTH);
            range("shape.attentionHeads", attentionHeads, 1, ShapeLimits.HEADS);
            range("shape.kvHeads", kvHeads, 1, ShapeLimits.HEADS);
            range("shape.headDim", headDim, 1, ShapeLimits.HEAD_DIM);
            range("shape.vocabSize", vocabSize, 1, ShapeLimits.VOCAB);
            range("shape.maxContextTokens", maxContextTokens, 1, ShapeLimits.CONTEXT);
            if (experts != null) {
                range("shape.experts.count", experts.count(), 2, ShapeLimits.EXPERTS);
                range("shape.experts.ffnSize", experts.ffnSize(), 1, ShapeLimits.WIDTH);
                range("shape.experts.shared", experts.shared(), 0, ShapeLimits.EXPERTS);
                range("shape.experts.leadingDenseLayers", experts.leadingDenseLayers(), 0, ShapeLimits.LAYERS);
            }
            if (latentAttention != null) {
                range("shape.latentAttention.qLoraRank", latentAttention.qLoraRank(), 1, ShapeLimits.WIDTH);
                range("shape.latentAttention.kvLoraRank", latentAttention.kvLoraRank(), 1, ShapeLimits.WIDTH);
                range("shape.latentAttention.qkNopeHeadDim", latentAttention.qkNopeHeadDim(), 1, ShapeLimits.HEAD_DIM);
                range("shape.latentAttention.qkRopeHeadDim", latentAttention.qkRopeHeadDim(), 1, ShapeLimits.HEAD_DIM);
                range("shape.latentAttention.vHeadDim", latentAttention.vHeadDim(), 1, ShapeLimits.HEAD_DIM);
            }
            if (slidingWindow != null) {
                range("shape.slidingWindow.window", slidingWindow.window(), 1, ShapeLimits.CONTEXT);
                range("shape.slidingWindow.period", slidingWindow.period(), 2, ShapeLimits.LAYERS);
            }
        }

        private static void range(String key, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(
                        key + " must be a whole number " + ShapeLimits.range(min, max) + ", was " + value);
            }
        }
    }

    /** The {@code parameters:} section. */
    public record Parameters(long total, String source) {

        public Parameters {
            if (total <= 0) {
                throw new IllegalArgumentException("parameters.total must be positive, was " + total);
            }
            Objects.requireNonNull(source, "parameters.source is required");
        }
    }

    /** The {@code reasoning:} section. */
    public record Reasoning(String mode, String vllmReasoningParser, int defaultBudgetTokens, String source) {

        public Reasoning {
            Objects.requireNonNull(mode, "reasoning.mode is required");
            ReasoningMode.valueOf(mode.toUpperCase(Locale.ROOT));
            // the command line's own bound on a budget (2^24 tokens); above it the plan was refused as a usage error
            if (defaultBudgetTokens < 0 || defaultBudgetTokens > ShapeLimits.CONTEXT) {
                throw new IllegalArgumentException("reasoning.defaultBudgetTokens must be a whole number "
                        + ShapeLimits.range(0, ShapeLimits.CONTEXT) + ", was " + defaultBudgetTokens);
            }
            Objects.requireNonNull(source, "reasoning.source is required");
        }

        public ReasoningMode reasoningMode() {
            return ReasoningMode.valueOf(mode.toUpperCase(Locale.ROOT));
        }
    }

    /** The {@code benchmark:} section: one published reasoning score. */
    public record Benchmark(String name, double score, String source) {

        public Benchmark {
            Objects.requireNonNull(name, "benchmark.name is required");
            if (score < 0 || score > 100) {
                throw new IllegalArgumentException("benchmark.score must be a percentage, was " + score);
            }
            Objects.requireNonNull(source, "benchmark.source is required");
        }
    }

    /** The {@code serving:} section: which builds each engine can load. */
    public record Serving(List<OllamaBuild> ollama, List<VllmBuild> vllm, Nim nim, String source) {

        public Serving {
            ollama = ollama == null ? List.of() : List.copyOf(ollama);
            vllm = vllm == null ? List.of() : List.copyOf(vllm);
            Objects.requireNonNull(source, "serving.source is required");
            for (OllamaBuild b : ollama) {
                if (!b.quantization().availableIn(Engine.OLLAMA.weightFormat())) {
                    throw new IllegalArgumentException(b.quantization() + " is not a GGUF quantization");
                }
            }
            for (VllmBuild b : vllm) {
                if (!b.quantization().availableIn(Engine.VLLM.weightFormat())) {
                    throw new IllegalArgumentException(b.quantization() + " is not a Hugging Face quantization");
                }
            }
        }
    }

    /** An Ollama library tag and the quantization behind it. */
    public record OllamaBuild(Quantization quantization, String tag) {

        public OllamaBuild {
            Objects.requireNonNull(quantization, "quantization is required");
            require(tag, "tag");
        }
    }

    /** A Hugging Face repository vLLM loads, and its quantization. */
    public record VllmBuild(Quantization quantization, String repo) {

        public VllmBuild {
            Objects.requireNonNull(quantization, "quantization is required");
            require(repo, "repo");
        }
    }

    /**
     * NVIDIA's NIM container for the model, the precisions its profiles offer, and the GPU memory NVIDIA publishes for
     * it (empty where it publishes none).
     */
    public record Nim(String image, List<Quantization> quantizations, List<NimMemory> requirements) {

        public Nim {
            require(image, "nim.image");
            quantizations = quantizations == null ? List.of() : List.copyOf(quantizations);
            requirements = requirements == null ? List.of() : List.copyOf(requirements);
        }

        public Nim(String image, List<Quantization> quantizations) {
            this(image, quantizations, List.of());
        }
    }

    /**
     * One row of a NIM's "GPU Memory Requirements" (build.nvidia.com system card): total GPU memory in GB (10^9 bytes,
     * as NVIDIA prints it) for a precision label, with the page it comes from.
     */
    public record NimMemory(String precision, double minimumGb, double recommendedGb, String source) {

        /** NVIDIA's GB: 10^9 bytes. */
        static final double BYTES_PER_GB = 1e9;

        public NimMemory {
            require(precision, "nim.requirements.precision");
            require(source, "nim.requirements.source");
            if (minimumGb <= 0 || recommendedGb < minimumGb) {
                throw new IllegalArgumentException(
                        "nim.requirements: minimumGb must be positive and at most recommendedGb");
            }
        }

        public NimRequirement toRequirement() {
            return new NimRequirement(
                    precision,
                    DataSize.ofBytes(Math.round(minimumGb * BYTES_PER_GB)),
                    DataSize.ofBytes(Math.round(recommendedGb * BYTES_PER_GB)),
                    source);
        }
    }

    /** Every name that finds this model: id, Hugging Face repo, Ollama tags and aliases. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(id);
        names.add(huggingFaceRepo);
        if (ollamaModel != null) {
            names.add(ollamaModel);
        }
        names.addAll(aliases);
        serving.ollama().forEach(b -> names.add(b.tag()));
        return names;
    }

    public Optional<String> ollamaTag(Quantization quantization) {
        return serving.ollama().stream()
                .filter(b -> b.quantization() == quantization)
                .map(OllamaBuild::tag)
                .findFirst();
    }

    public Optional<String> vllmRepo(Quantization quantization) {
        return serving.vllm().stream()
                .filter(b -> b.quantization() == quantization)
                .map(VllmBuild::repo)
                .findFirst();
    }

    public ModelShape modelShape() {
        return toShape(architecture, shape);
    }

    private static ModelShape toShape(String architecture, Shape shape) {
        return new ModelShape(
                Architecture.fromId(architecture),
                shape.layers(),
                shape.hiddenSize(),
                shape.intermediateSize(),
                shape.attentionHeads(),
                shape.kvHeads(),
                shape.headDim(),
                shape.vocabSize(),
                shape.maxContextTokens(),
                shape.tiedEmbeddings(),
                shape.attentionBias(),
                shape.qkNorm(),
                Optional.ofNullable(shape.experts()),
                Optional.ofNullable(shape.latentAttention()),
                Optional.ofNullable(shape.slidingWindow()));
    }

    public ModelSpec toSpec() {
        Map<Engine, List<Quantization>> servings = new EnumMap<>(Engine.class);
        servings.put(
                Engine.OLLAMA,
                serving.ollama().stream()
                        .map(OllamaBuild::quantization)
                        .distinct()
                        .toList());
        servings.put(
                Engine.VLLM,
                serving.vllm().stream().map(VllmBuild::quantization).distinct().toList());
        servings.put(
                Engine.NIM, serving.nim() == null ? List.of() : serving.nim().quantizations());
        return new ModelSpec(
                id,
                name,
                modelShape(),
                parameters.total(),
                reasoning.reasoningMode(),
                reasoning.defaultBudgetTokens(),
                benchmark == null ? Optional.empty() : Optional.of(benchmark.score()),
                servings,
                Map.of(),
                serving.nim() == null
                        ? List.of()
                        : serving.nim().requirements().stream()
                                .map(NimMemory::toRequirement)
                                .toList());
    }
}
