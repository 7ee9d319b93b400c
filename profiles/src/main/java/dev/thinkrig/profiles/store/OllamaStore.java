package dev.thinkrig.profiles.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.thinkrig.profiles.ModelFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local Ollama model store: {@code manifests/<registry>/<namespace>/<model>/<tag>} JSON files whose model layer
 * names a GGUF blob stored as {@code blobs/sha256-<hex>}.
 *
 * <p>The manifest shape is Ollama's (ollama/ollama {@code server/internal/manifest/manifest.go}; {@code ManifestV2} in
 * {@code server/images.go}): {@code {"schemaVersion": 2, "mediaType": ..., "config": {...}, "layers": [{"mediaType":
 * "application/vnd.ollama.image.model", "digest": "sha256:<64 hex>", "size": N}, ...]}}. Blob paths follow
 * {@code GetBlobsPath} in {@code server/modelpath.go}: only digests matching {@code ^sha256[:-][0-9a-fA-F]{64}$} are
 * accepted (the check Ollama added for CVE-2024-37032, a digest of {@code ../../etc/passwd}), then {@code :} becomes
 * {@code -}.
 */
public final class OllamaStore {

    /** Ollama's defaults for a short name such as {@code qwq:32b} ({@code server/internal/names}). */
    public static final String DEFAULT_REGISTRY = "registry.ollama.ai";

    public static final String DEFAULT_NAMESPACE = "library";
    public static final String DEFAULT_TAG = "latest";

    static final String MODEL_LAYER = "application/vnd.ollama.image.model";
    static final Pattern DIGEST = Pattern.compile("sha256[:-]([0-9a-fA-F]{64})");

    /** A manifest is a few hundred bytes; anything past this is not one. */
    static final int MAX_MANIFEST_BYTES = 1024 * 1024;

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,127}");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path root;

    public OllamaStore(Path root) {
        this.root = root;
    }

    /** {@code $OLLAMA_MODELS}, else {@code ~/.ollama/models}, as Ollama's {@code envconfig.Models()} decides. */
    public static OllamaStore locate(Map<String, String> env, String userHome) {
        String models = env.get("OLLAMA_MODELS");
        if (models != null && !models.isBlank()) {
            return new OllamaStore(Path.of(models));
        }
        return new OllamaStore(Path.of(userHome, ".ollama", "models"));
    }

    public Path root() {
        return root;
    }

    /**
     * A model in the store.
     *
     * @param name the name as {@code ollama list} shows it: {@code qwq:32b} for the default registry and namespace
     * @param manifest the manifest file
     * @param blob the GGUF blob its model layer names
     */
    public record Model(String name, Path manifest, Path blob) {

        /** The GGUF bytes: the blob's size on disk. */
        public long sizeBytes() {
            try {
                return Files.size(blob);
            } catch (IOException e) {
                throw new ModelFileException(
                        manifest.toString(), ModelFileException.NO_OFFSET, "cannot read the model blob " + blob, e);
            }
        }
    }

    /**
     * The manifest a name points at: {@code qwq:32b}, {@code library/qwq:32b} or
     * {@code registry.ollama.ai/library/qwq:32b}; empty when the name is not an Ollama name or the store has no such
     * manifest.
     */
    public Optional<Path> manifestOf(String name) {
        return parts(name)
                .map(p -> root.resolve("manifests")
                        .resolve(p.get(0))
                        .resolve(p.get(1))
                        .resolve(p.get(2))
                        .resolve(p.get(3)))
                .filter(Files::isRegularFile);
    }

    /** The model a name finds in this store. */
    public Optional<Model> find(String name) {
        return manifestOf(name).map(m -> model(m, displayName(parts(name).orElseThrow())));
    }

    /**
     * The name as {@code ollama list} shows it: {@code registry.ollama.ai/library/qwq:32b} and {@code library/qwq:32b}
     * are {@code qwq:32b}; empty for a name that is not an Ollama name.
     */
    public static Optional<String> shortName(String name) {
        return parts(name).map(OllamaStore::displayName);
    }

    /** [registry, namespace, model, tag], each a safe single path element, or empty for a name that is none. */
    static Optional<List<String>> parts(String name) {
        String n = name.trim();
        String tag = DEFAULT_TAG;
        int slash = n.lastIndexOf('/');
        int colon = n.lastIndexOf(':');
        if (colon > slash) {
            tag = n.substring(colon + 1);
            n = n.substring(0, colon);
        }
        String[] path = n.split("/", -1);
        List<String> parts;
        if (path.length == 1) {
            parts = List.of(DEFAULT_REGISTRY, DEFAULT_NAMESPACE, path[0], tag);
        } else if (path.length == 2) {
            parts = List.of(DEFAULT_REGISTRY, path[0], path[1], tag);
        } else if (path.length == 3) {
            parts = List.of(path[0], path[1], path[2], tag);
        } else {
            return Optional.empty();
        }
        // Ollama keeps model names lower-case on disk; a path element may not climb out of manifests/
        List<String> lower = parts.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
        for (String p : lower) {
            if (!PART.matcher(p).matches() || p.equals("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(lower);
    }

    static String displayName(List<String> parts) {
        String model = parts.get(2) + ":" + parts.get(3);
        if (!parts.get(0).equals(DEFAULT_REGISTRY)) {
            return parts.get(0) + "/" + parts.get(1) + "/" + model;
        }
        return parts.get(1).equals(DEFAULT_NAMESPACE) ? model : parts.get(1) + "/" + model;
    }

    /** Reads a manifest and finds its model blob; every problem names the manifest file. */
    public Model model(Path manifest, String name) {
        String file = manifest.toString();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(manifest)) {
            bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw new ModelFileException(file, ModelFileException.NO_OFFSET, "cannot read the manifest: " + e, e);
        }
        if (bytes.length > MAX_MANIFEST_BYTES) {
            throw new ModelFileException(
                    file,
                    ModelFileException.NO_OFFSET,
                    "not an Ollama manifest: larger than " + MAX_MANIFEST_BYTES + " bytes");
        }
        return new Model(name, manifest, blob(parseModelDigest(bytes, file), file));
    }

    /** The hex of the model layer's digest in manifest JSON; pure, for tests. */
    static String parseModelDigest(byte[] json, String file) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null
                    ? ModelFileException.NO_OFFSET
                    : e.getLocation().getByteOffset();
            throw new ModelFileException(file, offset, "not an Ollama manifest: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelFileException(file, ModelFileException.NO_OFFSET, "not an Ollama manifest: " + e, e);
        }
        if (node == null || !node.isObject()) {
            throw new ModelFileException(
                    file, ModelFileException.NO_OFFSET, "not an Ollama manifest: not a JSON object");
        }
        JsonNode version = node.get("schemaVersion");
        if (version != null && version.asInt() != 2) {
            throw new ModelFileException(
                    file, ModelFileException.NO_OFFSET, "unsupported manifest schemaVersion " + version + " (read: 2)");
        }
        JsonNode layers = node.get("layers");
        if (layers == null || !layers.isArray()) {
            throw new ModelFileException(file, ModelFileException.NO_OFFSET, "the manifest has no layers[]");
        }
        for (JsonNode layer : layers) {
            if (MODEL_LAYER.equals(layer.path("mediaType").asText())) {
                String digest = layer.path("digest").asText("");
                var m = DIGEST.matcher(digest);
                if (!m.matches()) {
                    throw new ModelFileException(
                            file,
                            ModelFileException.NO_OFFSET,
                            "the model layer's digest '" + abbreviated(digest)
                                    + "' is not sha256:<64 hex digits>; refused (it could name a path outside"
                                    + " the store)");
                }
                return m.group(1).toLowerCase(Locale.ROOT);
            }
        }
        throw new ModelFileException(
                file,
                ModelFileException.NO_OFFSET,
                "the manifest has no model layer (" + MODEL_LAYER + "): nothing to plan");
    }

    private Path blob(String hex, String manifest) {
        Path blobs = root.resolve("blobs").toAbsolutePath().normalize();
        Path blob = blobs.resolve("sha256-" + hex).normalize();
        if (!Files.isRegularFile(blob)) {
            throw new ModelFileException(
                    manifest,
                    ModelFileException.NO_OFFSET,
                    "the model blob " + blob + " is missing (re-pull the model)");
        }
        try {
            // a checked digest cannot climb out of blobs/, but a blob can be a link to anywhere
            Path real = blob.toRealPath();
            Path realRoot = root.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw new ModelFileException(
                        manifest,
                        ModelFileException.NO_OFFSET,
                        "the model blob " + blob + " links to " + real + ", outside the store " + realRoot);
            }
        } catch (IOException e) {
            throw new ModelFileException(
                    manifest, ModelFileException.NO_OFFSET, "cannot read the model blob " + blob, e);
        }
        return blob;
    }

    private static String abbreviated(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    /**
     * Every manifest in the store, named as {@code ollama list} names them, in name order. A manifest that cannot be
     * read is listed with its problem instead of failing the listing.
     */
    public List<Listed> list() {
        Path manifests = root.resolve("manifests");
        if (!Files.isDirectory(manifests)) {
            return List.of();
        }
        List<Listed> listed = new ArrayList<>();
        try (Stream<Path> files = Files.find(manifests, 4, (p, a) -> a.isRegularFile())) {
            for (Path manifest : files.sorted().toList()) {
                Path rel = manifests.relativize(manifest);
                if (rel.getNameCount() != 4) {
                    continue;
                }
                List<String> parts = new ArrayList<>();
                rel.forEach(p -> parts.add(p.toString()));
                String name = displayName(parts);
                try {
                    Model m = model(manifest, name);
                    listed.add(new Listed(name, manifest, Optional.of(m), Optional.empty()));
                } catch (ModelFileException e) {
                    listed.add(new Listed(name, manifest, Optional.empty(), Optional.of(e.getMessage())));
                }
            }
        } catch (IOException e) {
            throw new ModelFileException(
                    manifests.toString(), ModelFileException.NO_OFFSET, "cannot list the Ollama store: " + e, e);
        }
        return listed;
    }

    /** One manifest in a listing: the model it names, or why it cannot be read. */
    public record Listed(String name, Path manifest, Optional<Model> model, Optional<String> problem) {}
}
