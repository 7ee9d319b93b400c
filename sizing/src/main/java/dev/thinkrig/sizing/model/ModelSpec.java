package dev.thinkrig.sizing.model;

import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightBreakdown;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What sizing needs to know about a model: its shape, how it reasons, how strong it is, and which quantizations each
 * engine can serve it in.
 *
 * @param defaultReasoningBudget thinking tokens the vendor recommends allowing (0 for models that do not think)
 * @param benchmarkScore a published reasoning score used to rank models against each other (AIME 2024 pass@1)
 * @param servings quantizations each engine can serve, best first, as the catalog lists them
 * @param measuredWeights weights read from the model's own files (a GGUF or safetensors header), which the planner
 *     uses instead of computing them from the shape; only for quantizations that {@code servings} lists, and a spec
 *     built from a file serves only the engines that load that file's format
 * @param nimRequirements GPU memory NVIDIA publishes for the model's NIM (empty where it publishes none)
 */
public record ModelSpec(
        String id,
        String name,
        ModelShape shape,
        long publishedParameters,
        ReasoningMode reasoningMode,
        int defaultReasoningBudget,
        Optional<Double> benchmarkScore,
        Map<Engine, List<Quantization>> servings,
        Map<Quantization, WeightBreakdown> measuredWeights,
        List<NimRequirement> nimRequirements) {

    public ModelSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(reasoningMode, "reasoningMode");
        Objects.requireNonNull(benchmarkScore, "benchmarkScore");
        if (defaultReasoningBudget < 0) {
            throw new IllegalArgumentException(id + ": defaultReasoningBudget cannot be negative");
        }
        Map<Engine, List<Quantization>> copy = new EnumMap<>(Engine.class);
        servings.forEach((engine, quants) -> copy.put(engine, List.copyOf(quants)));
        servings = Collections.unmodifiableMap(copy);
        Map<Quantization, WeightBreakdown> measured = new EnumMap<>(Quantization.class);
        measured.putAll(measuredWeights);
        for (Quantization q : measured.keySet()) {
            if (copy.values().stream().noneMatch(list -> list.contains(q))) {
                throw new IllegalArgumentException(id + ": measured weights for " + q + ", which no engine serves");
            }
        }
        measuredWeights = Collections.unmodifiableMap(measured);
        nimRequirements = List.copyOf(nimRequirements);
    }

    /** A model with measured weights and no published NIM memory figures. */
    public ModelSpec(
            String id,
            String name,
            ModelShape shape,
            long publishedParameters,
            ReasoningMode reasoningMode,
            int defaultReasoningBudget,
            Optional<Double> benchmarkScore,
            Map<Engine, List<Quantization>> servings,
            Map<Quantization, WeightBreakdown> measuredWeights) {
        this(
                id,
                name,
                shape,
                publishedParameters,
                reasoningMode,
                defaultReasoningBudget,
                benchmarkScore,
                servings,
                measuredWeights,
                List.of());
    }

    /** A model known by its shape only (the catalog): weights are computed from the shape. */
    public ModelSpec(
            String id,
            String name,
            ModelShape shape,
            long publishedParameters,
            ReasoningMode reasoningMode,
            int defaultReasoningBudget,
            Optional<Double> benchmarkScore,
            Map<Engine, List<Quantization>> servings) {
        this(
                id,
                name,
                shape,
                publishedParameters,
                reasoningMode,
                defaultReasoningBudget,
                benchmarkScore,
                servings,
                Map.of(),
                List.of());
    }

    public List<Quantization> quantizationsFor(Engine engine) {
        return servings.getOrDefault(engine, List.of());
    }
}
