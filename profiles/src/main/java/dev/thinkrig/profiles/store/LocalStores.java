package dev.thinkrig.profiles.store;

import dev.thinkrig.profiles.gguf.GgufModelReader;
import dev.thinkrig.profiles.modelfile.ModelFile;
import dev.thinkrig.profiles.safetensors.SafetensorsModelReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stores a model name may be found in when the catalog does not know it: the local Ollama store first (its names,
 * {@code qwq:32b}, are what Ollama users type), then the Hugging Face cache ({@code org/name}).
 */
public record LocalStores(OllamaStore ollama, HuggingFaceCache huggingFace) {

    /** Both stores where the environment (passed in, never read here) and the home directory put them. */
    public static LocalStores locate(Map<String, String> env, String userHome) {
        return new LocalStores(OllamaStore.locate(env, userHome), HuggingFaceCache.locate(env, userHome));
    }

    /**
     * The model {@code name} finds in a store, read from its files' headers and labelled with {@code name}; empty when
     * no store holds it. A store entry that is found but cannot be read throws, naming the file at fault.
     */
    public Optional<ModelFile> read(String name) {
        Optional<OllamaStore.Model> model = ollama.find(name);
        if (model.isPresent()) {
            ModelFile file = GgufModelReader.read(model.get().blob());
            return Optional.of(labelled(
                    file, model.get().name(), "Ollama blob " + model.get().blob()));
        }
        Optional<HuggingFaceCache.Snapshot> snapshot = huggingFace.find(name);
        if (snapshot.isPresent()) {
            ModelFile file = SafetensorsModelReader.read(snapshot.get().snapshot());
            return Optional.of(labelled(
                    file,
                    snapshot.get().repo(),
                    "Hugging Face cache " + snapshot.get().snapshot()));
        }
        return Optional.empty();
    }

    /** The file as the store names it: the name first among the catalog hints, where it was read in the notes. */
    static ModelFile labelled(ModelFile file, String name, String where) {
        List<String> hints = new ArrayList<>();
        hints.add(name);
        hints.addAll(file.nameHints());
        List<String> notes = new ArrayList<>();
        notes.add(where);
        notes.addAll(file.notes());
        return new ModelFile(
                name,
                file.format(),
                file.name(),
                hints,
                file.shape(),
                file.quantizationName(),
                file.quantization(),
                file.tensors(),
                file.weights(),
                notes);
    }
}
