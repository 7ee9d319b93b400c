package dev.thinkrig.profiles.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.modelfile.ModelFile;
import dev.thinkrig.profiles.modelfile.ShapeLimits;
import dev.thinkrig.profiles.modelfile.TensorBytes;
import dev.thinkrig.profiles.modelfile.WeightSplitter;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightBreakdown;
import dev.thinkrig.sizing.quant.WeightFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A Hugging Face checkpoint directory (config.json with model.safetensors, or shards listed by
 * model.safetensors.index.json) as sizing needs it: the shape from config.json, its quantization_config, and every
 * tensor's exact bytes from the safetensors headers. The I/O is {@link #read(Path)}; {@link #summarize} maps parsed
 * headers.
 */
public final class SafetensorsModelReader {

    static final String CONFIG = "config.json";
    static final String INDEX = "model.safetensors.index.json";
    static final String SINGLE = "model.safetensors";

    /** An index of 91,991 tensors (DeepSeek-V3) is about 8 MB. */
    static final int MAX_INDEX_BYTES = 64 * 1024 * 1024;

    /** transformers' tensor names (modeling_llama.py and kin): the decoder's, then the lm head. */
    static final String EMBEDDING = "embed_tokens.weight";

    static final String LAYERS = "layers.";

    /**
     * Where the decoder's tensors live: {@code model.} for a causal LM; a multimodal wrapper (Gemma 3, Mistral 3) nests
     * it as {@code language_model.model.} (transformers before 4.52) or {@code model.language_model.} (since).
     */
    static final List<String> DECODER_PREFIXES = List.of("model.", "language_model.model.", "model.language_model.");

    static final List<String> LM_HEADS = List.of("lm_head.weight", "language_model.lm_head.weight");

    /** The naming of a checkpoint whose decoder tensors start with {@code prefix}. */
    static WeightSplitter.Naming naming(String prefix) {
        String layerPrefix = prefix + LAYERS;
        return new WeightSplitter.Naming(
                name -> {
                    if (name.equals(prefix + EMBEDDING)) {
                        return WeightSplitter.Place.TOKEN_EMBEDDING;
                    } else if (LM_HEADS.contains(name)) {
                        return WeightSplitter.Place.OUTPUT;
                    }
                    return WeightSplitter.layerAfter(layerPrefix, name).isPresent()
                            ? WeightSplitter.Place.LAYER
                            : WeightSplitter.Place.GLOBAL;
                },
                name -> WeightSplitter.layerAfter(layerPrefix, name),
                // routed experts: mlp.experts.N.*_proj (Qwen3-MoE, DeepSeek-V3; shared_experts are not routed) or
                // gpt-oss's fused mlp.experts.*_blocks / *_scales; expert biases count as block tensors, as in sizing
                name -> name.contains(".mlp.experts.") && !name.endsWith("_bias"));
    }

    private SafetensorsModelReader() {}

    /** Whether {@code dir} looks like a checkpoint: a config.json beside safetensors weights. */
    public static boolean isCheckpoint(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(CONFIG));
    }

    public static ModelFile read(Path dir) {
        Path configFile = dir.resolve(CONFIG);
        HfConfig config = HfConfig.parse(readSmall(configFile, HfConfig.MAX_BYTES), configFile.toString());
        List<String> shardNames = shardNames(dir);
        List<SafetensorsHeader> headers = new ArrayList<>();
        for (String shard : shardNames) {
            Path file = dir.resolve(shard);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                headers.add(SafetensorsParser.parse(channel, file.toString()));
            } catch (NoSuchFileException e) {
                throw new ModelFileException(file.toString(), ModelFileException.NO_OFFSET, "no such file");
            } catch (IOException e) {
                throw new ModelFileException(
                        file.toString(), ModelFileException.NO_OFFSET, "cannot read: " + e.getMessage(), e);
            }
        }
        Optional<String> dirName = Optional.ofNullable(
                        dir.toAbsolutePath().normalize().getFileName())
                .map(Path::toString);
        return summarize(dir.toString(), dirName, config, headers);
    }

    /** The shard files: those the index lists, in first-mention order, else the single model.safetensors. */
    static List<String> shardNames(Path dir) {
        Path index = dir.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            if (!Files.isRegularFile(dir.resolve(SINGLE))) {
                throw new ModelFileException(
                        dir.toString(),
                        ModelFileException.NO_OFFSET,
                        "neither " + INDEX + " nor " + SINGLE + " is here (not a safetensors checkpoint?)");
            }
            return List.of(SINGLE);
        }
        return indexShards(readSmall(index, MAX_INDEX_BYTES), index.toString());
    }

    /** The shard file names an index's weight_map points at; names must stay inside the directory. */
    static List<String> indexShards(byte[] json, String source) {
        JsonNode root = HfConfig.readJson(json, source);
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new ModelFileException(source, ModelFileException.NO_OFFSET, "no weight_map");
        }
        Set<String> shards = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            String file = e.getValue().asText("");
            if (!e.getValue().isTextual()
                    || !file.endsWith(".safetensors")
                    || file.contains("/")
                    || file.contains("\\")
                    || file.startsWith(".")) {
                throw new ModelFileException(
                        source,
                        ModelFileException.NO_OFFSET,
                        "weight_map entry '" + e.getKey() + "' points at '" + file
                                + "', not a .safetensors file in this directory");
            }
            shards.add(file);
        }
        return List.copyOf(shards);
    }

    private static byte[] readSmall(Path file, int limit) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new ModelFileException(
                        file.toString(), limit, "larger than " + limit + " bytes; not a " + file.getFileName());
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file.toString(), ModelFileException.NO_OFFSET, "no such file");
        } catch (IOException e) {
            throw new ModelFileException(
                    file.toString(), ModelFileException.NO_OFFSET, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The model that {@code config} and the shards' headers describe. */
    public static ModelFile summarize(
            String source, Optional<String> dirName, HfConfig config, List<SafetensorsHeader> shards) {
        Set<String> names = new HashSet<>();
        for (SafetensorsHeader h : shards) {
            for (SafetensorsTensor t : h.tensors()) {
                if (!names.add(t.name())) {
                    throw new ModelFileException(
                            h.source(), ModelFileException.NO_OFFSET, "tensor '" + t.name() + "' is in two shards");
                }
            }
        }
        String prefix = DECODER_PREFIXES.stream()
                .filter(p -> names.contains(p + EMBEDDING))
                .findFirst()
                .orElse(DECODER_PREFIXES.get(0));
        WeightSplitter.Naming naming = naming(prefix);
        List<TensorBytes> tensors = new ArrayList<>();
        long skipped = 0;
        long skippedBytes = 0;
        for (SafetensorsHeader h : shards) {
            for (SafetensorsTensor t : h.tensors()) {
                OptionalInt layer = naming.layer().apply(t.name());
                if (layer.isPresent()
                        && layer.getAsInt() >= config.layers()
                        && layer.getAsInt() < config.layers() + config.extraLayers()) {
                    // DeepSeek-V3's multi-token-prediction block: vLLM loads it only for speculative decoding
                    skipped++;
                    skippedBytes += t.bytes();
                    continue;
                }
                tensors.add(new TensorBytes(t.name(), t.dtype().name(), t.shape(), t.bytes()));
            }
        }
        boolean hasLmHead = LM_HEADS.stream().anyMatch(names::contains);
        String layer0 = prefix + LAYERS + "0.";
        ModelShape shape;
        try {
            shape = new ModelShape(
                    config.architecture(),
                    config.layers(),
                    config.hiddenSize(),
                    config.intermediateSize(),
                    config.attentionHeads(),
                    config.kvHeads(),
                    config.headDim(),
                    config.vocabSize(),
                    config.maxContextTokens(),
                    !hasLmHead,
                    names.contains(layer0 + "self_attn.q_proj.bias"),
                    names.contains(layer0 + "self_attn.q_norm.weight"),
                    config.experts(),
                    config.latentAttention(),
                    config.slidingWindow());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, ModelFileException.NO_OFFSET, "config.json: " + e.getMessage());
        }
        // each dimension is in range (HfConfig); their product may still not be
        ShapeLimits.checkParameters(
                shape,
                Path.of(source).resolve(CONFIG).toString(),
                "num_hidden_layers, hidden_size, intermediate_size, the heads, the experts and vocab_size");
        List<String> notes = new ArrayList<>();
        if (hasLmHead == config.tiedEmbeddings()) {
            notes.add("config.json says tie_word_embeddings=" + config.tiedEmbeddings() + " but lm_head.weight is "
                    + (hasLmHead ? "" : "not ") + "stored; sized from the stored tensors");
        }
        if (skipped > 0) {
            notes.add("left out " + skipped + " tensors (" + DataSize.ofBytes(skippedBytes)
                    + ") of the multi-token-prediction layer (num_nextn_predict_layers); decoding does not load it");
        }
        String quantName;
        Optional<Quantization> quant;
        if (config.quantization().isPresent()) {
            quantName = config.quantization().get().description();
            quant = config.quantization().get().quantization();
        } else {
            String dtype = config.dtype().orElse("unstated");
            quantName = dtype;
            quant = switch (dtype) {
                case "bfloat16" -> Optional.of(Quantization.BF16);
                case "float16" -> Optional.of(Quantization.F16);
                default -> Optional.empty();
            };
        }
        WeightBreakdown weights;
        try {
            // quantized tensors pack several weights per element, so the weight count comes from the shape
            weights = WeightSplitter.split(tensors, shape, shape.parameterCount(), naming);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, ModelFileException.NO_OFFSET, e.getMessage());
        }
        List<String> hints = new ArrayList<>();
        config.nameOrPath().ifPresent(hints::add);
        dirName.ifPresent(hints::add);
        String name = config.nameOrPath().or(() -> dirName).orElse(source);
        if (shards.size() > 1) {
            notes.add("read " + shards.size() + " shards");
        }
        return new ModelFile(
                source,
                WeightFormat.SAFETENSORS,
                name,
                hints,
                shape,
                quantName,
                quant.filter(q -> q.availableIn(WeightFormat.SAFETENSORS)),
                tensors,
                weights,
                notes);
    }
}
