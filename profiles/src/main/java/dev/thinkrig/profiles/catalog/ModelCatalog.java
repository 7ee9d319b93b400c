package dev.thinkrig.profiles.catalog;

import dev.thinkrig.profiles.NameSuggester;
import dev.thinkrig.profiles.ProfileException;
import dev.thinkrig.profiles.UnknownNameException;
import dev.thinkrig.profiles.YamlFiles;
import dev.thinkrig.sizing.quant.Quantization;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The models thinkrig knows: the shipped catalog ({@code dev/thinkrig/profiles/models/*.yaml} on the classpath) with
 * the user's files ({@code ~/.config/thinkrig/models/*.yaml}) added, a user file replacing a shipped one of the same id.
 */
public final class ModelCatalog {

    static final String RESOURCE_DIRECTORY = "dev/thinkrig/profiles/models";

    private final Map<String, ModelEntry> byId;

    ModelCatalog(Collection<ModelEntry> entries) {
        Map<String, ModelEntry> map = new LinkedHashMap<>();
        for (ModelEntry e : entries) {
            map.put(e.id(), e);
        }
        this.byId = map;
    }

    /** A catalog of exactly {@code entries} (benchmarks rank synthetic catalogs with it). */
    public static ModelCatalog of(Collection<ModelEntry> entries) {
        return new ModelCatalog(entries);
    }

    /** The shipped catalog plus the user's model files in {@code userDirectory} (which may not exist). */
    public static ModelCatalog load(Path userDirectory) {
        List<ModelEntry> entries = new ArrayList<>(shipped());
        for (Path file : YamlFiles.listDirectory(userDirectory)) {
            entries.add(checked(YamlFiles.read(file, ModelEntry.class), file.toString()));
        }
        return new ModelCatalog(entries);
    }

    /** The catalog as shipped, without user files. */
    public static List<ModelEntry> shipped() {
        List<ModelEntry> entries = new ArrayList<>();
        for (String file : YamlFiles.listClasspathDirectory(RESOURCE_DIRECTORY)) {
            String name = "models/" + file;
            InputStream in = ModelCatalog.class.getClassLoader().getResourceAsStream(RESOURCE_DIRECTORY + "/" + file);
            entries.add(checked(YamlFiles.read(in, name, ModelEntry.class), name));
        }
        return entries;
    }

    /** Checks what a file says against itself: its name, and its parameter count against its shape. */
    static ModelEntry checked(ModelEntry entry, String file) {
        String expected = entry.id() + ".yaml";
        if (!file.endsWith("/" + expected) && !file.equals(expected)) {
            throw new ProfileException(file, 0, 0, "a model file must be named after its id (" + expected + ")", null);
        }
        long computed = entry.modelShape().parameterCount();
        double error = Math.abs(computed - entry.parameters().total())
                / (double) entry.parameters().total();
        if (error > ModelEntry.PARAMETER_TOLERANCE) {
            throw new ProfileException(
                    file,
                    0,
                    0,
                    String.format(
                            Locale.ROOT,
                            "parameters.total %,d does not match the shape, which gives %,d (%.1f%% apart)",
                            entry.parameters().total(),
                            computed,
                            error * 100),
                    null);
        }
        return entry;
    }

    public List<ModelEntry> entries() {
        return List.copyOf(byId.values());
    }

    /** A model by id, Hugging Face repo, Ollama tag or alias, case-insensitively. */
    public Resolved resolve(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (ModelEntry e : byId.values()) {
            if (e.id().equals(wanted)) {
                return new Resolved(e, Optional.empty());
            }
        }
        for (ModelEntry e : byId.values()) {
            for (ModelEntry.OllamaBuild b : e.serving().ollama()) {
                if (b.tag().toLowerCase(Locale.ROOT).equals(wanted)) {
                    // a quantized tag (deepseek-r1:32b-qwen-distill-q8_0) names its quantization too
                    boolean defaultTag = b.tag().equalsIgnoreCase(e.ollamaModel());
                    return new Resolved(e, defaultTag ? Optional.empty() : Optional.of(b.quantization()));
                }
            }
            for (String alias : e.names()) {
                if (alias.toLowerCase(Locale.ROOT).equals(wanted)) {
                    return new Resolved(e, Optional.empty());
                }
            }
        }
        List<String> known = new ArrayList<>();
        byId.values().forEach(e -> {
            known.add(e.id());
            if (e.ollamaModel() != null) {
                known.add(e.ollamaModel());
            }
        });
        throw new UnknownNameException("model", name, NameSuggester.closest(name, known));
    }

    /** The model {@code name} finds, as {@link #resolve} would, or empty instead of an error. */
    public Optional<ModelEntry> find(String name) {
        try {
            return Optional.of(resolve(name).entry());
        } catch (UnknownNameException e) {
            return Optional.empty();
        }
    }

    /**
     * A resolved model name.
     *
     * @param quantization the quantization the name itself fixed (a quantized Ollama tag), if any
     */
    public record Resolved(ModelEntry entry, Optional<Quantization> quantization) {}
}
