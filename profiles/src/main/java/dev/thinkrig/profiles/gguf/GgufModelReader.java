package dev.thinkrig.profiles.gguf;

import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.modelfile.ModelFile;
import dev.thinkrig.profiles.modelfile.TensorBytes;
import dev.thinkrig.profiles.modelfile.WeightSplitter;
import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightBreakdown;
import dev.thinkrig.sizing.quant.WeightFormat;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GGUF model (one file, or the shards {@code name-00001-of-00005.gguf} that llama.cpp's gguf-split writes) as sizing
 * needs it: the shape from the {@code <architecture>.*} keys, the file type, and every tensor's exact bytes. The only
 * I/O is {@link #read(Path)}; {@link #summarize} maps parsed headers.
 */
public final class GgufModelReader {

    /** gguf-split's shard names (llama.cpp common/common.cpp {@code llama_split_path}: "%s-%05d-of-%05d.gguf"). */
    static final Pattern SHARD = Pattern.compile("(.*)-(\\d{5})-of-(\\d{5})\\.gguf", Pattern.CASE_INSENSITIVE);

    /** llama.cpp's tensor names (src/llama-arch.cpp LLM_TENSOR_NAMES). */
    static final String TOKEN_EMBEDDING = "token_embd.weight";

    static final String OUTPUT = "output.weight";

    static final String BLOCK_PREFIX = "blk.";

    private static final WeightSplitter.Naming NAMING = new WeightSplitter.Naming(
            name -> {
                if (name.equals(TOKEN_EMBEDDING)) {
                    return WeightSplitter.Place.TOKEN_EMBEDDING;
                } else if (name.equals(OUTPUT)) {
                    return WeightSplitter.Place.OUTPUT;
                }
                return WeightSplitter.layerAfter(BLOCK_PREFIX, name).isPresent()
                        ? WeightSplitter.Place.LAYER
                        : WeightSplitter.Place.GLOBAL;
            },
            name -> WeightSplitter.layerAfter(BLOCK_PREFIX, name));

    private GgufModelReader() {}

    /** Reads the header of {@code path}, and of its sibling shards when it is one of a split model. */
    public static ModelFile read(Path path) {
        List<Path> shards = shardPaths(path);
        List<GgufHeader> headers = new ArrayList<>(shards.size());
        for (Path shard : shards) {
            headers.add(readHeader(shard));
        }
        return summarize(path.toString(), headers);
    }

    /** The header of one GGUF file. */
    public static GgufHeader readHeader(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return GgufParser.parse(channel, file.toString());
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file.toString(), ModelFileException.NO_OFFSET, "no such file");
        } catch (IOException e) {
            throw new ModelFileException(
                    file.toString(), ModelFileException.NO_OFFSET, "cannot read: " + e.getMessage(), e);
        }
    }

    /** All shards of the model {@code path} belongs to, in order; just {@code path} when it is not a shard. */
    static List<Path> shardPaths(Path path) {
        Matcher m = SHARD.matcher(path.getFileName().toString());
        if (!m.matches()) {
            return List.of(path);
        }
        int count = Integer.parseInt(m.group(3));
        if (count < 1 || Integer.parseInt(m.group(2)) > count) {
            throw new ModelFileException(
                    path.toString(),
                    ModelFileException.NO_OFFSET,
                    "shard " + Integer.parseInt(m.group(2)) + " of " + count + " is not a valid shard name");
        }
        List<Path> shards = new ArrayList<>(count);
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Path shard = path.resolveSibling(String.format(Locale.ROOT, "%s-%05d-of-%05d.gguf", m.group(1), i, count));
            if (!Files.isRegularFile(shard)) {
                missing.add(shard.getFileName().toString());
            }
            shards.add(shard);
        }
        if (!missing.isEmpty()) {
            throw new ModelFileException(
                    path.toString(),
                    ModelFileException.NO_OFFSET,
                    "the model is split into " + count + " files; missing: " + String.join(", ", missing));
        }
        return shards;
    }

    /**
     * The model described by {@code shards} (one header for an unsplit file); metadata comes from the first shard, as
     * gguf-split writes it, tensors from all.
     */
    /** The GGUF architectures whose shape keys this reader maps, in the order errors list them. */
    static final Map<String, Architecture> READABLE = readable();

    private static Map<String, Architecture> readable() {
        Map<String, Architecture> m = new java.util.LinkedHashMap<>();
        m.put("llama", Architecture.LLAMA);
        m.put("qwen2", Architecture.QWEN2);
        m.put("qwen3", Architecture.QWEN3);
        return java.util.Collections.unmodifiableMap(m);
    }

    public static ModelFile summarize(String source, List<GgufHeader> shards) {
        GgufHeader first = shards.get(0);
        checkSplit(shards);
        String arch = first.string("general.architecture").orElseThrow(() -> missing(first, "general.architecture"));
        // only dense layouts are mapped from GGUF keys so far; a mixture-of-experts or latent-attention file read as
        // dense would be sized wrong, so it is refused rather than guessed
        Architecture architecture = READABLE.get(arch);
        if (architecture == null) {
            throw new ModelFileException(
                    first.source(),
                    ModelFileException.NO_OFFSET,
                    "unknown architecture '" + arch + "' (known: " + String.join(", ", READABLE.keySet()) + ")");
        }
        List<TensorBytes> tensors = new ArrayList<>();
        Map<String, GgufTensorInfo> byName = new HashMap<>();
        long elements = 0;
        for (GgufHeader h : shards) {
            for (GgufTensorInfo t : h.tensors()) {
                if (byName.putIfAbsent(t.name(), t) != null) {
                    throw new ModelFileException(
                            h.source(), ModelFileException.NO_OFFSET, "tensor '" + t.name() + "' is in two shards");
                }
                tensors.add(new TensorBytes(t.name(), t.type().name(), t.dimensions(), t.bytes()));
                elements += t.elements();
            }
        }
        ModelShape shape = shape(first, architecture, byName);
        long fileType = first.integer("general.file_type").orElse(-1);
        String fileTypeName = fileType < 0 ? "unknown (no general.file_type)" : GgufFileType.name(fileType);
        Optional<Quantization> quantization =
                GgufFileType.quantization(fileTypeName).filter(q -> q.availableIn(WeightFormat.GGUF));
        WeightBreakdown weights;
        try {
            weights = WeightSplitter.split(tensors, shape.layers(), elements, NAMING);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(first.source(), ModelFileException.NO_OFFSET, e.getMessage());
        }
        List<String> hints = new ArrayList<>();
        first.string("general.name").ifPresent(hints::add);
        first.string("general.basename").ifPresent(b -> {
            hints.add(first.string("general.size_label").map(s -> b + "-" + s).orElse(b));
            hints.add(b);
        });
        String fileName = Path.of(source).getFileName().toString();
        hints.add(fileName.replaceFirst("(?i)(-\\d{5}-of-\\d{5})?\\.gguf$", ""));
        String name = first.string("general.name").orElse(fileName);
        List<String> notes = new ArrayList<>();
        if (shards.size() > 1) {
            notes.add("read " + shards.size() + " shards");
        }
        return new ModelFile(
                source, WeightFormat.GGUF, name, hints, shape, fileTypeName, quantization, tensors, weights, notes);
    }

    private static void checkSplit(List<GgufHeader> shards) {
        for (int i = 0; i < shards.size(); i++) {
            GgufHeader h = shards.get(i);
            OptionalLong count = h.integer("split.count");
            OptionalLong no = h.integer("split.no");
            if (shards.size() > 1 && (count.isEmpty() || no.isEmpty())) {
                throw new ModelFileException(
                        h.source(), ModelFileException.NO_OFFSET, "a shard without split.count and split.no");
            }
            if (count.isPresent() && count.getAsLong() != shards.size()) {
                throw new ModelFileException(
                        h.source(),
                        ModelFileException.NO_OFFSET,
                        "split.count says " + count.getAsLong() + " shards; " + shards.size() + " were read");
            }
            if (no.isPresent() && no.getAsLong() != i) {
                throw new ModelFileException(
                        h.source(),
                        ModelFileException.NO_OFFSET,
                        "split.no is " + no.getAsLong() + " but the file name makes it shard " + i);
            }
        }
        OptionalLong total = shards.get(0).integer("split.tensors.count");
        long actual = shards.stream().mapToLong(h -> h.tensors().size()).sum();
        if (total.isPresent() && total.getAsLong() != actual) {
            throw new ModelFileException(
                    shards.get(0).source(),
                    ModelFileException.NO_OFFSET,
                    "split.tensors.count says " + total.getAsLong() + " tensors; the shards hold " + actual);
        }
    }

    /** The shape from llama.cpp's hyperparameter keys (src/llama-model.cpp {@code load_hparams}) and defaults. */
    static ModelShape shape(GgufHeader h, Architecture architecture, Map<String, GgufTensorInfo> tensors) {
        String a = architecture.id() + ".";
        int layers = intKey(h, a + "block_count");
        long hidden = longKey(h, a + "embedding_length");
        long intermediate = longKey(h, a + "feed_forward_length");
        int heads = intKey(h, a + "attention.head_count");
        // llama.cpp: n_head_kv defaults to n_head, n_embd_head_k to n_embd / n_head
        int kvHeads = h.metadata().containsKey(a + "attention.head_count_kv")
                ? intKey(h, a + "attention.head_count_kv")
                : heads;
        int headDim = h.metadata().containsKey(a + "attention.key_length")
                ? intKey(h, a + "attention.key_length")
                : (int) (hidden / heads);
        int context = intKey(h, a + "context_length");
        long vocab = vocabulary(h, a, tensors);
        try {
            return new ModelShape(
                    architecture,
                    layers,
                    hidden,
                    intermediate,
                    heads,
                    kvHeads,
                    headDim,
                    vocab,
                    context,
                    !tensors.containsKey(OUTPUT),
                    tensors.containsKey("blk.0.attn_q.bias"),
                    tensors.containsKey("blk.0.attn_q_norm.weight"));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(h.source(), ModelFileException.NO_OFFSET, e.getMessage());
        }
    }

    /** The vocabulary: tokenizer.ggml.tokens' length, else {@code <arch>.vocab_size}, else token_embd's rows. */
    private static long vocabulary(GgufHeader h, String a, Map<String, GgufTensorInfo> tensors) {
        Optional<GgufArray> tokens = h.array("tokenizer.ggml.tokens");
        if (tokens.isPresent()) {
            return tokens.get().length();
        }
        if (h.metadata().containsKey(a + "vocab_size")) {
            return longKey(h, a + "vocab_size");
        }
        GgufTensorInfo embedding = tensors.get(TOKEN_EMBEDDING);
        if (embedding != null && embedding.dimensions().size() == 2) {
            return embedding.dimensions().get(1);
        }
        throw missing(h, "tokenizer.ggml.tokens");
    }

    private static long longKey(GgufHeader h, String key) {
        Object v = h.metadata().get(key);
        if (v == null) {
            throw missing(h, key);
        }
        OptionalLong value = h.integer(key);
        if (value.isEmpty() || value.getAsLong() <= 0) {
            String what = v instanceof GgufArray ? "an array (per-layer values are not supported)" : String.valueOf(v);
            throw new ModelFileException(
                    h.source(), ModelFileException.NO_OFFSET, key + " must be a positive integer, was " + what);
        }
        return value.getAsLong();
    }

    private static int intKey(GgufHeader h, String key) {
        long v = longKey(h, key);
        if (v > Integer.MAX_VALUE) {
            throw new ModelFileException(h.source(), ModelFileException.NO_OFFSET, key + " is too large: " + v);
        }
        return (int) v;
    }

    private static ModelFileException missing(GgufHeader h, String key) {
        return new ModelFileException(h.source(), ModelFileException.NO_OFFSET, "no " + key + " in the metadata");
    }
}
