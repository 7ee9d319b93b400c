package dev.thinkrig.templates.recipe;

import java.util.Objects;
import java.util.Optional;

/**
 * What the model catalog says about serving the planned model, passed in by the caller so this module needs no
 * catalog of its own.
 *
 * @param modelId the catalog id, used as vLLM's served model name and in the project name
 * @param huggingFaceRepo the model's own (16-bit) repository
 * @param ollamaTag the Ollama library tag of the planned quantization
 * @param vllmRepo the repository vLLM loads for the planned quantization
 * @param reasoningParser vLLM's {@code --reasoning-parser} for this model, if it reasons
 * @param nimImage NVIDIA's NIM image for the model, without a tag
 * @param localWeights the weights on the target machine the engine loads instead of a download
 *     ({@code thinkrig compose ./model.gguf}); they replace {@code ollamaTag} and {@code vllmRepo}
 */
public record CatalogFacts(
        String modelId,
        String modelName,
        String huggingFaceRepo,
        Optional<String> ollamaTag,
        Optional<String> vllmRepo,
        Optional<String> reasoningParser,
        Optional<String> nimImage,
        Optional<LocalWeights> localWeights) {

    /** A catalog model, downloaded by the engine. */
    public CatalogFacts(
            String modelId,
            String modelName,
            String huggingFaceRepo,
            Optional<String> ollamaTag,
            Optional<String> vllmRepo,
            Optional<String> reasoningParser,
            Optional<String> nimImage) {
        this(modelId, modelName, huggingFaceRepo, ollamaTag, vllmRepo, reasoningParser, nimImage, Optional.empty());
    }

    public CatalogFacts {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(huggingFaceRepo, "huggingFaceRepo");
        Objects.requireNonNull(ollamaTag, "ollamaTag");
        Objects.requireNonNull(vllmRepo, "vllmRepo");
        Objects.requireNonNull(reasoningParser, "reasoningParser");
        Objects.requireNonNull(nimImage, "nimImage");
        Objects.requireNonNull(localWeights, "localWeights");
    }
}
