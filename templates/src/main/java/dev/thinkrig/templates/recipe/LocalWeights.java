package dev.thinkrig.templates.recipe;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Model weights already on the target machine ({@code thinkrig compose ./model.gguf}), which the engine loads from a
 * read-only mount instead of downloading: a GGUF file (Ollama imports it with {@code ollama create} from a Modelfile)
 * or a Hugging Face checkpoint directory (vLLM serves its path).
 *
 * @param hostDirectory the absolute directory on the host: the GGUF file's, or the checkpoint itself
 * @param ggufFile the GGUF file's name in that directory; empty for a checkpoint directory
 */
public record LocalWeights(String hostDirectory, Optional<String> ggufFile) {

    /** Where the weights appear in the container. */
    public static final String MOUNT = "/models";

    /** The Modelfile {@code ollama create} reads, written beside the compose file and mounted at this path. */
    public static final String MODELFILE = "Modelfile";

    public static final String MODELFILE_MOUNT = "/thinkrig/Modelfile";

    public LocalWeights {
        Objects.requireNonNull(ggufFile, "ggufFile");
        if (hostDirectory == null || !hostDirectory.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute directory: '" + hostDirectory + "'");
        }
        if (hostDirectory.contains(":")
                || ggufFile.filter(f -> f.contains(":") || f.contains("/")).isPresent()) {
            // Compose's short mount syntax separates with ':'; a Modelfile's FROM and Compose's arguments would read
            // a '$' in the file's name
            throw new RecipeException(
                    RecipeException.Kind.INVALID_VALUE,
                    "model path",
                    hostDirectory + ggufFile.map(f -> "/" + f).orElse(""),
                    "a path with ':' (or a file name with '$') cannot be mounted by a compose file; move or link the"
                            + " model elsewhere");
        }
    }

    public static LocalWeights gguf(String hostDirectory, String file) {
        return new LocalWeights(hostDirectory, Optional.of(file));
    }

    public static LocalWeights checkpoint(String hostDirectory) {
        return new LocalWeights(hostDirectory, Optional.empty());
    }

    /**
     * The mounted directory in the container: {@code /models} for a GGUF's, {@code /models/<name>} for a checkpoint
     * (its name in plain characters: Compose would read a {@code $} in a mount's target as a variable).
     */
    public String containerDirectory() {
        return ggufFile.isPresent()
                ? MOUNT
                : MOUNT + "/" + lastSegment(hostDirectory).replaceAll("[^A-Za-z0-9._-]", "-");
    }

    /** What the engine loads: the GGUF file, or the checkpoint directory, as the container sees it. */
    public String containerPath() {
        return ggufFile.map(f -> MOUNT + "/" + f).orElseGet(this::containerDirectory);
    }

    /** The weights as the host has them. */
    public String hostPath() {
        return ggufFile.map(f -> hostDirectory + "/" + f).orElse(hostDirectory);
    }

    /** The read-only mount of the host directory. */
    public Mount mount() {
        return Mount.hostReadOnly(hostDirectory, containerDirectory());
    }

    /**
     * The name {@code ollama create} gives the imported model, which clients send: the file's name without
     * {@code .gguf}, in the characters Ollama allows in a model name ({@code DeepSeek-R1-Q4_K_M.gguf} becomes
     * {@code deepseek-r1-q4_k_m}).
     */
    public String ollamaName() {
        String file = ggufFile.orElseThrow(() -> new IllegalStateException("a checkpoint directory is not a GGUF"));
        String stem = file.toLowerCase(Locale.ROOT).endsWith(".gguf") ? file.substring(0, file.length() - 5) : file;
        String name = stem.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^[^a-z0-9]+", "")
                .replaceAll("[^a-z0-9]+$", "");
        return name.isEmpty() ? "local-model" : name;
    }

    private static String lastSegment(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        String last = p.substring(p.lastIndexOf('/') + 1);
        return last.isEmpty() ? "model" : last;
    }
}
