package dev.thinkrig.profiles.gguf;

import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.modelfile.ModelFile;
import dev.thinkrig.profiles.modelfile.ShapeLimits;
import dev.thinkrig.profiles.modelfile.TensorBytes;
import dev.thinkrig.profiles.modelfile.WeightSplitter;
import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.Experts;
import dev.thinkrig.sizing.model.LatentAttention;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.SlidingWindow;
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
            name -> WeightSplitter.layerAfter(BLOCK_PREFIX, name),
            // llama.cpp's routed experts: one 3-D tensor per projection (ffn_gate_exps, ffn_up_exps, ffn_down_exps)
            name -> name.endsWith("_exps.weight"));

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
        m.put("qwen3moe", Architecture.QWEN3MOE);
        m.put("deepseek2", Architecture.DEEPSEEK2);
        m.put("gpt-oss", Architecture.GPT_OSS);
        m.put("gemma3", Architecture.GEMMA3);
        // Phi-3/Phi-4: fused attn_qkv and a gate-up ffn_up of 2 x n_ff (llama.cpp src/models/phi3.cpp); the catalog's
        // phi-4-reasoning is one
        m.put("phi3", Architecture.PHI3);
        return java.util.Collections.unmodifiableMap(m);
    }

    public static ModelFile summarize(String source, List<GgufHeader> shards) {
        GgufHeader first = shards.get(0);
        checkSplit(shards);
        String arch = first.string("general.architecture").orElseThrow(() -> missing(first, "general.architecture"));
        // an architecture whose keys are not mapped would be sized with the wrong layout, so it is refused
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
            weights = WeightSplitter.split(tensors, shape, elements, NAMING);
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

    /**
     * llama.cpp's fixed sliding-window patterns (src/llama-model.cpp load_hparams: LLM_ARCH_GPT_OSS
     * {@code hparams.set_swa_pattern(2)}, LLM_ARCH_GEMMA3 {@code hparams.set_swa_pattern(6)}); the files carry only the
     * window ({@code <arch>.attention.sliding_window}).
     */
    static final Map<Architecture, Integer> SWA_PERIOD = Map.of(Architecture.GPT_OSS, 2, Architecture.GEMMA3, 6);

    /** The shape from llama.cpp's hyperparameter keys (src/llama-model.cpp {@code load_hparams}) and defaults. */
    static ModelShape shape(GgufHeader h, Architecture architecture, Map<String, GgufTensorInfo> tensors) {
        String a = architecture.id() + ".";
        // every count is range-checked where it is read (ShapeLimits says why each bound is safe)
        int layers = intKey(h, a + "block_count", 1, ShapeLimits.LAYERS);
        long hidden = longKey(h, a + "embedding_length", 1, ShapeLimits.WIDTH);
        // all-MoE files (gpt-oss) may leave the dense width out; it is then the expert width
        long denseWidth =
                has(h, a + "feed_forward_length") ? longKey(h, a + "feed_forward_length", 1, ShapeLimits.WIDTH) : 0;
        int heads = intKey(h, a + "attention.head_count", 1, ShapeLimits.HEADS);
        // llama.cpp: n_head_kv defaults to n_head, n_embd_head_k to n_embd / n_head
        int kvHeads = has(h, a + "attention.head_count_kv")
                ? intKey(h, a + "attention.head_count_kv", 1, ShapeLimits.HEADS)
                : heads;
        int headDim;
        if (has(h, a + "attention.key_length")) {
            headDim = intKey(h, a + "attention.key_length", 1, ShapeLimits.HEAD_DIM);
        } else if (hidden < heads) {
            throw new ModelFileException(
                    h.source(),
                    ModelFileException.NO_OFFSET,
                    "no " + a + "attention.key_length, and " + a + "embedding_length / " + a + "attention.head_count ("
                            + hidden + " / " + heads + ") is less than 1");
        } else {
            headDim = (int) (hidden / heads);
        }
        int context = intKey(h, a + "context_length", 1, ShapeLimits.CONTEXT);
        long vocab = vocabulary(h, a, tensors);
        Optional<Experts> experts = Optional.empty();
        Optional<LatentAttention> latent = Optional.empty();
        Optional<SlidingWindow> window = Optional.empty();
        try {
            if (has(h, a + "expert_count")) {
                int count = intKey(h, a + "expert_count", 2, ShapeLimits.EXPERTS);
                experts = Optional.of(new Experts(
                        count,
                        intKey(h, a + "expert_used_count", 1, count),
                        longKey(h, a + "expert_feed_forward_length", 1, ShapeLimits.WIDTH),
                        optionalInt(h, a + "expert_shared_count", ShapeLimits.EXPERTS),
                        // at least one layer must route through experts
                        optionalInt(h, a + "leading_dense_block_count", layers - 1L)));
            }
            if (architecture == Architecture.DEEPSEEK2) {
                latent = Optional.of(latentAttention(h, a));
                // the catalog's convention: head count for the KV heads, the value head as the head size; MLA files
                // converted after the MLA rework say head_count_kv 1 (one shared latent)
                kvHeads = heads;
                headDim = latent.get().vHeadDim();
            }
            if (SWA_PERIOD.containsKey(architecture)) {
                window = Optional.of(new SlidingWindow(
                        intKey(h, a + "attention.sliding_window", 1, ShapeLimits.CONTEXT),
                        SWA_PERIOD.get(architecture)));
            }
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(h.source(), ModelFileException.NO_OFFSET, e.getMessage());
        }
        long intermediate = denseWidth > 0
                ? denseWidth
                : experts.map(Experts::ffnSize).orElseThrow(() -> missing(h, a + "feed_forward_length"));
        if (heads % kvHeads != 0) {
            throw new ModelFileException(
                    h.source(),
                    ModelFileException.NO_OFFSET,
                    a + "attention.head_count (" + heads + ") must be a multiple of " + a + "attention.head_count_kv ("
                            + kvHeads + ")");
        }
        ModelShape shape;
        try {
            shape = new ModelShape(
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
                    tensors.containsKey("blk.0.attn_q_norm.weight"),
                    experts,
                    latent,
                    window);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(h.source(), ModelFileException.NO_OFFSET, e.getMessage());
        }
        // each count is in range; their product may still not be
        ShapeLimits.checkParameters(
                shape, h.source(), a + "block_count, the widths, the heads, the experts and the vocabulary");
        return shape;
    }

    /**
     * DeepSeek's latent attention. Files converted before llama.cpp's MLA rework state the per-head key and value
     * sizes in {@code attention.key_length} (192) and {@code value_length} (128); later ones put the latent there (576,
     * 512) and the per-head sizes in {@code key_length_mla} and {@code value_length_mla}. The rotary part is
     * {@code rope.dimension_count}.
     */
    static LatentAttention latentAttention(GgufHeader h, String a) {
        boolean mla = has(h, a + "attention.key_length_mla");
        int key = intKey(h, a + (mla ? "attention.key_length_mla" : "attention.key_length"), 1, ShapeLimits.HEAD_DIM);
        int value =
                intKey(h, a + (mla ? "attention.value_length_mla" : "attention.value_length"), 1, ShapeLimits.HEAD_DIM);
        int rope = intKey(h, a + "rope.dimension_count", 1, ShapeLimits.HEAD_DIM);
        if (key <= rope) {
            throw new ModelFileException(
                    h.source(),
                    ModelFileException.NO_OFFSET,
                    "key length " + key + " must exceed rope.dimension_count " + rope + " (latent attention)");
        }
        return new LatentAttention(
                intKey(h, a + "attention.q_lora_rank", 1, ShapeLimits.WIDTH),
                intKey(h, a + "attention.kv_lora_rank", 1, ShapeLimits.WIDTH),
                key - rope,
                rope,
                value);
    }

    private static boolean has(GgufHeader h, String key) {
        return h.metadata().containsKey(key);
    }

    /** A count that may be absent (0) or zero, as expert_shared_count and leading_dense_block_count may be. */
    private static int optionalInt(GgufHeader h, String key, long max) {
        return has(h, key) ? intKey(h, key, 0, max) : 0;
    }

    /** The vocabulary: tokenizer.ggml.tokens' length, else {@code <arch>.vocab_size}, else token_embd's rows. */
    private static long vocabulary(GgufHeader h, String a, Map<String, GgufTensorInfo> tensors) {
        Optional<GgufArray> tokens = h.array("tokenizer.ggml.tokens");
        if (tokens.isPresent()) {
            return inRange(h, "tokenizer.ggml.tokens' length", tokens.get().length(), 1, ShapeLimits.VOCAB);
        }
        if (h.metadata().containsKey(a + "vocab_size")) {
            return longKey(h, a + "vocab_size", 1, ShapeLimits.VOCAB);
        }
        GgufTensorInfo embedding = tensors.get(TOKEN_EMBEDDING);
        if (embedding != null && embedding.dimensions().size() == 2) {
            return inRange(
                    h, TOKEN_EMBEDDING + "'s rows", embedding.dimensions().get(1), 1, ShapeLimits.VOCAB);
        }
        throw missing(h, "tokenizer.ggml.tokens");
    }

    /** An integer key from {@code min} to {@code max}, else an error naming the key, the range and the value. */
    private static long longKey(GgufHeader h, String key, long min, long max) {
        Object v = h.metadata().get(key);
        if (v == null) {
            throw missing(h, key);
        }
        OptionalLong value = h.integer(key);
        if (value.isEmpty()) {
            String what = v instanceof GgufArray ? "an array (per-layer values are not supported)" : String.valueOf(v);
            throw new ModelFileException(
                    h.source(),
                    ModelFileException.NO_OFFSET,
                    key + " must be a whole number " + ShapeLimits.range(min, max) + ", was " + what);
        }
        // a UINT64 above 2^63 reads as negative, and is refused as out of range
        return inRange(h, key, value.getAsLong(), min, max);
    }

    private static long inRange(GgufHeader h, String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ModelFileException(
                    h.source(),
                    ModelFileException.NO_OFFSET,
                    what + " must be a whole number " + ShapeLimits.range(min, max) + ", was " + value);
        }
        return value;
    }

    private static int intKey(GgufHeader h, String key, long min, long max) {
        return Math.toIntExact(longKey(h, key, min, max));
    }

    private static ModelFileException missing(GgufHeader h, String key) {
        return new ModelFileException(h.source(), ModelFileException.NO_OFFSET, "no " + key + " in the metadata");
    }
}
