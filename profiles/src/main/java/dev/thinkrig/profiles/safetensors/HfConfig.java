package dev.thinkrig.profiles.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.modelfile.ShapeLimits;
import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.Experts;
import dev.thinkrig.sizing.model.LatentAttention;
import dev.thinkrig.sizing.model.SlidingWindow;
import dev.thinkrig.sizing.quant.Quantization;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face {@code config.json}: the architecture, the dimensions and the quantization a checkpoint declares.
 * Multimodal wrappers (Gemma 3, Mistral 3) keep the language model's dimensions in {@code text_config}; those are read
 * from there.
 *
 * @param nameOrPath {@code _name_or_path}, often the repository id the checkpoint came from
 * @param headDim {@code head_dim}, else hidden / heads; for latent attention {@code v_head_dim}
 * @param dtype {@code torch_dtype} (or {@code dtype}, its name since transformers 4.56)
 * @param quantization the recognised {@code quantization_config}, if any
 * @param experts the mixture-of-experts layout (Qwen3-MoE, DeepSeek-V3, gpt-oss)
 * @param latentAttention DeepSeek-V3's multi-head latent attention
 * @param slidingWindow the sliding-window layers (gpt-oss, Gemma 3)
 * @param extraLayers blocks stored after the decoder's {@code num_hidden_layers} that decoding does not load
 *     (DeepSeek-V3's multi-token-prediction layer, {@code num_nextn_predict_layers})
 */
public record HfConfig(
        String architectureClass,
        Architecture architecture,
        Optional<String> nameOrPath,
        int layers,
        long hiddenSize,
        long intermediateSize,
        int attentionHeads,
        int kvHeads,
        int headDim,
        long vocabSize,
        int maxContextTokens,
        boolean tiedEmbeddings,
        Optional<String> dtype,
        Optional<QuantizationConfig> quantization,
        Optional<Experts> experts,
        Optional<LatentAttention> latentAttention,
        Optional<SlidingWindow> slidingWindow,
        int extraLayers) {

    /** The {@code architectures[0]} classes thinkrig sizes, and the tensor layout each has. */
    static final Map<String, Architecture> ARCHITECTURES = Map.ofEntries(
            Map.entry("LlamaForCausalLM", Architecture.LLAMA),
            // llama.cpp converts Mistral (and Magistral, Mistral Small 3's text model) as llama
            Map.entry("MistralForCausalLM", Architecture.LLAMA),
            Map.entry("Mistral3ForConditionalGeneration", Architecture.LLAMA),
            Map.entry("Qwen2ForCausalLM", Architecture.QWEN2),
            Map.entry("Qwen3ForCausalLM", Architecture.QWEN3),
            Map.entry("Qwen3MoeForCausalLM", Architecture.QWEN3MOE),
            Map.entry("DeepseekV3ForCausalLM", Architecture.DEEPSEEK2),
            Map.entry("GptOssForCausalLM", Architecture.GPT_OSS),
            Map.entry("Gemma3ForCausalLM", Architecture.GEMMA3),
            Map.entry("Gemma3ForConditionalGeneration", Architecture.GEMMA3));

    /** config.json is a page of JSON; anything larger is not one. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    /**
     * transformers' Gemma3TextConfig defaults, which the multimodal Gemma 3 checkpoints leave out of their text_config
     * (transformers src/transformers/models/gemma3/configuration_gemma3.py: vocab_size=262_208,
     * max_position_embeddings=131_072, sliding_window_pattern=6).
     */
    static final long GEMMA3_DEFAULT_VOCAB = 262_208;

    static final int GEMMA3_DEFAULT_CONTEXT = 131_072;

    static final int GEMMA3_DEFAULT_PATTERN = 6;

    /** transformers' layer_types values (configuration_utils.py ALLOWED_LAYER_TYPES). */
    static final String FULL_ATTENTION = "full_attention";

    static final String SLIDING_ATTENTION = "sliding_attention";

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    /** Jackson's "Duplicate field 'hidden_size'". */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) '(.*)'");

    /**
     * A checkpoint's quantization as its {@code quantization_config} states it.
     *
     * @param method {@code quant_method}: awq, gptq, fp8, compressed-tensors, ...
     * @param description what it is, for people: {@code AWQ 4-bit, group 128}
     * @param quantization the sizing quantization thinkrig ranks it as, if any
     */
    public record QuantizationConfig(String method, String description, Optional<Quantization> quantization) {}

    public static HfConfig parse(byte[] json, String source) {
        JsonNode root = readJson(json, source);
        if (root == null || !root.isObject()) {
            throw new ModelFileException(source, ModelFileException.NO_OFFSET, "not a JSON object");
        }
        JsonNode archs = root.path("architectures");
        String cls = archs.isArray() && archs.size() > 0 ? archs.get(0).asText() : "";
        Architecture architecture = ARCHITECTURES.get(cls);
        if (architecture == null) {
            throw new ModelFileException(
                    source,
                    ModelFileException.NO_OFFSET,
                    "unsupported architecture '"
                            + (cls.isEmpty() ? root.path("model_type").asText("?") : cls) + "' (known: "
                            + String.join(", ", new java.util.TreeSet<>(ARCHITECTURES.keySet())) + ")");
        }
        // a multimodal wrapper keeps the language model's dimensions in text_config
        JsonNode text = root;
        if (cls.endsWith("ForConditionalGeneration")) {
            text = root.path("text_config");
            if (!text.isObject()) {
                throw new ModelFileException(
                        source, ModelFileException.NO_OFFSET, cls + " needs a text_config object with the dimensions");
            }
        }
        boolean gemma = architecture == Architecture.GEMMA3;
        int heads = intField(text, "num_attention_heads", 1, ShapeLimits.HEADS, source);
        long hidden = longField(text, "hidden_size", 1, ShapeLimits.WIDTH, source);
        int layers = intField(text, "num_hidden_layers", 1, ShapeLimits.LAYERS, source);
        // transformers' defaults: num_key_value_heads = num_attention_heads, head_dim = hidden_size / heads
        int kvHeads = present(text, "num_key_value_heads")
                ? intField(text, "num_key_value_heads", 1, ShapeLimits.HEADS, source)
                : heads;
        if (heads % kvHeads != 0) {
            throw new ModelFileException(
                    source,
                    ModelFileException.NO_OFFSET,
                    "num_attention_heads (" + heads + ") must be a multiple of num_key_value_heads (" + kvHeads + ")");
        }
        int headDim;
        if (present(text, "head_dim")) {
            headDim = intField(text, "head_dim", 1, ShapeLimits.HEAD_DIM, source);
        } else if (hidden < heads) {
            throw new ModelFileException(
                    source,
                    ModelFileException.NO_OFFSET,
                    "head_dim is missing and hidden_size / num_attention_heads (" + hidden + " / " + heads
                            + ") is less than 1");
        } else {
            headDim = (int) (hidden / heads);
        }
        long vocab = gemma && !present(text, "vocab_size")
                ? GEMMA3_DEFAULT_VOCAB
                : longField(text, "vocab_size", 1, ShapeLimits.VOCAB, source);
        int context = gemma && !present(text, "max_position_embeddings")
                ? GEMMA3_DEFAULT_CONTEXT
                : intField(text, "max_position_embeddings", 1, ShapeLimits.CONTEXT, source);
        Optional<LatentAttention> latent = Optional.empty();
        if (architecture == Architecture.DEEPSEEK2) {
            latent = Optional.of(new LatentAttention(
                    intField(text, "q_lora_rank", 1, ShapeLimits.WIDTH, source),
                    intField(text, "kv_lora_rank", 1, ShapeLimits.WIDTH, source),
                    intField(text, "qk_nope_head_dim", 1, ShapeLimits.HEAD_DIM, source),
                    intField(text, "qk_rope_head_dim", 1, ShapeLimits.HEAD_DIM, source),
                    intField(text, "v_head_dim", 1, ShapeLimits.HEAD_DIM, source)));
            // the shape's head size under latent attention is the value head (ModelShape's headDim)
            headDim = latent.get().vHeadDim();
        }
        Optional<Experts> experts = experts(text, architecture, layers, source);
        long intermediate = longField(text, "intermediate_size", 1, ShapeLimits.WIDTH, source);
        Optional<SlidingWindow> window = gemma || architecture == Architecture.GPT_OSS
                ? slidingWindow(text, layers, gemma, source)
                : Optional.empty();
        int extraLayers = architecture == Architecture.DEEPSEEK2 && present(text, "num_nextn_predict_layers")
                ? intField(text, "num_nextn_predict_layers", 0, ShapeLimits.LAYERS, source)
                : 0;
        JsonNode tie =
                root.has("tie_word_embeddings") ? root.get("tie_word_embeddings") : text.get("tie_word_embeddings");
        JsonNode dtype = root.has("torch_dtype") ? root.get("torch_dtype") : root.get("dtype");
        return new HfConfig(
                cls,
                architecture,
                text(root, "_name_or_path"),
                layers,
                hidden,
                intermediate,
                heads,
                kvHeads,
                headDim,
                vocab,
                context,
                // Gemma 3 ties its embeddings by default (Gemma3TextConfig tie_word_embeddings=True)
                tie == null ? gemma : tie.asBoolean(false),
                dtype != null && dtype.isTextual() ? Optional.of(dtype.asText()) : Optional.empty(),
                root.has("quantization_config")
                        ? Optional.of(quantization(root.get("quantization_config"), source))
                        : Optional.empty(),
                experts,
                latent,
                window,
                extraLayers);
    }

    /**
     * The experts section, from each family's own field names: Qwen3-MoE {@code num_experts}, DeepSeek-V3
     * {@code n_routed_experts} with {@code n_shared_experts} and {@code first_k_dense_replace}, gpt-oss
     * {@code num_local_experts} whose experts are {@code intermediate_size} wide.
     */
    static Optional<Experts> experts(JsonNode c, Architecture architecture, int layers, String source) {
        switch (architecture) {
            case QWEN3MOE: {
                // transformers Qwen3MoeDecoderLayer: a layer is dense when listed in mlp_only_layers or off the
                // decoder_sparse_step grid; the shape models only "every layer MoE"
                long step = c.path("decoder_sparse_step").asLong(1);
                JsonNode dense = c.path("mlp_only_layers");
                if (step != 1 || (dense.isArray() && !dense.isEmpty())) {
                    throw new ModelFileException(
                            source,
                            ModelFileException.NO_OFFSET,
                            "Qwen3-MoE with dense layers (decoder_sparse_step " + step + ", mlp_only_layers " + dense
                                    + ") is not supported; only every layer MoE is");
                }
                int count = intField(c, "num_experts", 2, ShapeLimits.EXPERTS, source);
                return Optional.of(new Experts(
                        count,
                        perToken(c, "num_experts_per_tok", "num_experts", count, source),
                        longField(c, "moe_intermediate_size", 1, ShapeLimits.WIDTH, source),
                        0,
                        0));
            }
            case DEEPSEEK2: {
                long freq = c.path("moe_layer_freq").asLong(1);
                if (freq != 1) {
                    throw new ModelFileException(
                            source,
                            ModelFileException.NO_OFFSET,
                            "moe_layer_freq " + freq + " is not supported; only every layer after"
                                    + " first_k_dense_replace MoE is");
                }
                int count = intField(c, "n_routed_experts", 2, ShapeLimits.EXPERTS, source);
                return Optional.of(new Experts(
                        count,
                        perToken(c, "num_experts_per_tok", "n_routed_experts", count, source),
                        longField(c, "moe_intermediate_size", 1, ShapeLimits.WIDTH, source),
                        present(c, "n_shared_experts")
                                ? intField(c, "n_shared_experts", 0, ShapeLimits.EXPERTS, source)
                                : 0,
                        // the leading dense layers must leave at least one MoE layer (ModelShape)
                        present(c, "first_k_dense_replace")
                                ? intField(c, "first_k_dense_replace", 0, layers - 1L, source)
                                : 0));
            }
            case GPT_OSS: {
                int count = intField(c, "num_local_experts", 2, ShapeLimits.EXPERTS, source);
                return Optional.of(new Experts(
                        count,
                        present(c, "num_experts_per_tok")
                                ? perToken(c, "num_experts_per_tok", "num_local_experts", count, source)
                                : perToken(c, "experts_per_token", "num_local_experts", count, source),
                        longField(c, "intermediate_size", 1, ShapeLimits.WIDTH, source),
                        0,
                        0));
            }
            default:
                return Optional.empty();
        }
    }

    /** Experts each token is routed to: 1 to the routed experts ({@code countKey}). */
    private static int perToken(JsonNode c, String field, String countKey, int count, String source) {
        JsonNode n = c.get(field);
        if (n == null
                || !n.isNumber()
                || !n.canConvertToExactIntegral()
                || !n.canConvertToLong()
                || n.asLong() < 1
                || n.asLong() > count) {
            throw new ModelFileException(
                    source,
                    ModelFileException.NO_OFFSET,
                    field + " must be a whole number from 1 to " + countKey + " (" + count + "), was "
                            + (n == null ? "missing" : n.toString()));
        }
        return (int) n.asLong();
    }

    /**
     * The sliding-window layers: {@code layer_types} (gpt-oss; Gemma 3 since transformers 4.53), else Gemma 3's
     * {@code sliding_window_pattern} (default 6). The pattern must be the periodic one the shape models: every
     * {@code period}-th layer full, the others sliding.
     */
    static Optional<SlidingWindow> slidingWindow(JsonNode c, int layers, boolean gemma, String source) {
        JsonNode types = c.path("layer_types");
        int period;
        if (types.isArray() && !types.isEmpty()) {
            if (types.size() != layers) {
                throw new ModelFileException(
                        source,
                        ModelFileException.NO_OFFSET,
                        "layer_types lists " + types.size() + " layers; num_hidden_layers is " + layers);
            }
            int firstFull = -1;
            for (int i = 0; i < types.size(); i++) {
                if (FULL_ATTENTION.equals(types.get(i).asText())) {
                    firstFull = i;
                    break;
                }
            }
            if (firstFull < 0) {
                throw new ModelFileException(
                        source, ModelFileException.NO_OFFSET, "layer_types has no full_attention layer");
            }
            if (firstFull == 0) {
                for (JsonNode t : types) {
                    if (!FULL_ATTENTION.equals(t.asText())) {
                        throw new ModelFileException(
                                source,
                                ModelFileException.NO_OFFSET,
                                "layer_types " + types + " is not a supported pattern (every n-th layer full)");
                    }
                }
                return Optional.empty();
            }
            period = firstFull + 1;
            for (int i = 0; i < types.size(); i++) {
                String expected = (i + 1) % period == 0 ? FULL_ATTENTION : SLIDING_ATTENTION;
                if (!expected.equals(types.get(i).asText())) {
                    throw new ModelFileException(
                            source,
                            ModelFileException.NO_OFFSET,
                            "layer_types[" + i + "] is '" + types.get(i).asText() + "'; thinkrig supports every "
                                    + period + "-th layer full, the others " + SLIDING_ATTENTION);
                }
            }
        } else if (gemma) {
            // SlidingWindow: a period of 1 would make every layer full
            period = present(c, "sliding_window_pattern")
                    ? intField(c, "sliding_window_pattern", 2, ShapeLimits.LAYERS, source)
                    : GEMMA3_DEFAULT_PATTERN;
        } else {
            throw new ModelFileException(
                    source, ModelFileException.NO_OFFSET, "layer_types must list the sliding and full layers");
        }
        return Optional.of(new SlidingWindow(intField(c, "sliding_window", 1, ShapeLimits.CONTEXT, source), period));
    }

    private static boolean present(JsonNode c, String field) {
        return c.has(field) && !c.get(field).isNull();
    }

    /**
     * What {@code quantization_config} says, as vLLM reads it: {@code quant_method} picks the kernel family; for
     * compressed-tensors (llm-compressor's format) the weight scheme of its config groups decides.
     */
    static QuantizationConfig quantization(JsonNode q, String source) {
        String method = q.path("quant_method").asText("").toLowerCase(Locale.ROOT);
        int bits = q.path("bits").asInt(q.path("w_bit").asInt(0));
        int group = q.path("group_size").asInt(q.path("q_group_size").asInt(0));
        switch (method) {
            case "awq":
                return new QuantizationConfig(
                        method,
                        "AWQ " + bits + "-bit, group " + group,
                        bits == 4 ? Optional.of(Quantization.AWQ) : Optional.empty());
            case "gptq":
                return new QuantizationConfig(
                        method,
                        "GPTQ " + bits + "-bit, group " + group,
                        bits == 4 ? Optional.of(Quantization.GPTQ) : Optional.empty());
            case "fp8":
                return new QuantizationConfig(
                        method, "FP8 (" + q.path("fmt").asText("e4m3") + ")", Optional.of(Quantization.FP8));
            case "mxfp4":
                return new QuantizationConfig(method, "MXFP4", Optional.of(Quantization.MXFP4));
            case "compressed-tensors":
                return compressedTensors(q);
            case "modelopt": {
                String algo = q.path("quant_algo")
                        .asText(q.path("quantization").path("quant_algo").asText(""));
                Optional<Quantization> quant = switch (algo.toUpperCase(Locale.ROOT)) {
                    case "NVFP4" -> Optional.of(Quantization.NVFP4);
                    case "FP8" -> Optional.of(Quantization.FP8);
                    default -> Optional.empty();
                };
                return new QuantizationConfig(method, "NVIDIA ModelOpt " + algo, quant);
            }
            default:
                return new QuantizationConfig(
                        method, method.isEmpty() ? "unnamed quantization_config" : method, Optional.empty());
        }
    }

    private static QuantizationConfig compressedTensors(JsonNode q) {
        JsonNode groups = q.path("config_groups");
        for (Map.Entry<String, JsonNode> g : groups.properties()) {
            JsonNode w = g.getValue().path("weights");
            int bits = w.path("num_bits").asInt(0);
            String type = w.path("type").asText("");
            int group = w.path("group_size").asInt(0);
            String scheme = "compressed-tensors " + type + bits + (group > 0 ? ", group " + group : "");
            if (type.equals("float") && bits == 8) {
                return new QuantizationConfig("compressed-tensors", scheme + " (FP8)", Optional.of(Quantization.FP8));
            }
            if (type.equals("float") && bits == 4) {
                return new QuantizationConfig(
                        "compressed-tensors", scheme + " (NVFP4)", Optional.of(Quantization.NVFP4));
            }
            if (type.equals("int") && bits == 4) {
                // W4A16: vLLM runs it with the same Marlin kernels as GPTQ, stored as packed int4 + group scales
                return new QuantizationConfig(
                        "compressed-tensors", scheme + " (W4A16, ranked as GPTQ)", Optional.of(Quantization.GPTQ));
            }
            return new QuantizationConfig("compressed-tensors", scheme, Optional.empty());
        }
        return new QuantizationConfig(
                "compressed-tensors", "compressed-tensors without config_groups", Optional.empty());
    }

    /**
     * Parses a checkpoint's JSON file (config.json, the shard index); a key given twice is an error naming it and its
     * line, where Jackson would keep the last one silently.
     */
    static JsonNode readJson(byte[] json, String source) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null
                    ? ModelFileException.NO_OFFSET
                    : e.getLocation().getByteOffset();
            Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
            if (duplicate.matches() && e.getLocation() != null) {
                throw new ModelFileException(
                        source,
                        offset,
                        "duplicate key '" + duplicate.group(1) + "' (line "
                                + e.getLocation().getLineNr() + ")");
            }
            throw new ModelFileException(source, offset, "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ModelFileException(source, ModelFileException.NO_OFFSET, "cannot read: " + e.getMessage(), e);
        }
    }

    private static Optional<String> text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n != null && n.isTextual() && !n.asText().isBlank() ? Optional.of(n.asText()) : Optional.empty();
    }

    /**
     * A whole number from {@code min} to {@code max} ({@link ShapeLimits} says why each bound is safe), else an error
     * naming the key, the range and what the file says: a string, a fraction or {@code 1e15} are refused alike.
     */
    private static long longField(JsonNode root, String field, long min, long max, String source) {
        JsonNode n = root.get(field);
        if (n == null
                || !n.isNumber()
                || !n.canConvertToExactIntegral()
                || !n.canConvertToLong()
                || n.asLong() < min
                || n.asLong() > max) {
            throw new ModelFileException(
                    source,
                    ModelFileException.NO_OFFSET,
                    field + " must be a whole number " + ShapeLimits.range(min, max) + ", was "
                            + (n == null ? "missing" : n.toString()));
        }
        return n.asLong();
    }

    private static int intField(JsonNode root, String field, long min, long max, String source) {
        return Math.toIntExact(longField(root, field, min, max, source));
    }
}
