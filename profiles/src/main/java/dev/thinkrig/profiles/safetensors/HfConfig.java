package dev.thinkrig.profiles.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.quant.Quantization;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Hugging Face {@code config.json}: the architecture, the dimensions and the quantization a checkpoint declares.
 *
 * @param nameOrPath {@code _name_or_path}, often the repository id the checkpoint came from
 * @param dtype {@code torch_dtype} (or {@code dtype}, its name since transformers 4.56)
 * @param quantization the recognised {@code quantization_config}, if any
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
        Optional<QuantizationConfig> quantization) {

    /** The {@code architectures[0]} classes thinkrig sizes, and the tensor layout each has. */
    static final Map<String, Architecture> ARCHITECTURES = Map.of(
            "LlamaForCausalLM", Architecture.LLAMA,
            "Qwen2ForCausalLM", Architecture.QWEN2,
            "Qwen3ForCausalLM", Architecture.QWEN3);

    /** config.json is a page of JSON; anything larger is not one. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * A checkpoint's quantization as its {@code quantization_config} states it.
     *
     * @param method {@code quant_method}: awq, gptq, fp8, compressed-tensors, ...
     * @param description what it is, for people: {@code AWQ 4-bit, group 128}
     * @param quantization the sizing quantization thinkrig ranks it as, if any
     */
    public record QuantizationConfig(String method, String description, Optional<Quantization> quantization) {}

    public static HfConfig parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null
                    ? ModelFileException.NO_OFFSET
                    : e.getLocation().getByteOffset();
            throw new ModelFileException(source, offset, "invalid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ModelFileException(source, ModelFileException.NO_OFFSET, "cannot read: " + e.getMessage(), e);
        }
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
        int heads = intField(root, "num_attention_heads", source);
        long hidden = longField(root, "hidden_size", source);
        // transformers' defaults: num_key_value_heads = num_attention_heads, head_dim = hidden_size / heads
        int kvHeads = root.has("num_key_value_heads")
                        && !root.get("num_key_value_heads").isNull()
                ? intField(root, "num_key_value_heads", source)
                : heads;
        int headDim = root.has("head_dim") && !root.get("head_dim").isNull()
                ? intField(root, "head_dim", source)
                : (int) (hidden / heads);
        JsonNode dtype = root.has("torch_dtype") ? root.get("torch_dtype") : root.get("dtype");
        return new HfConfig(
                cls,
                architecture,
                text(root, "_name_or_path"),
                intField(root, "num_hidden_layers", source),
                hidden,
                longField(root, "intermediate_size", source),
                heads,
                kvHeads,
                headDim,
                longField(root, "vocab_size", source),
                intField(root, "max_position_embeddings", source),
                root.path("tie_word_embeddings").asBoolean(false),
                dtype != null && dtype.isTextual() ? Optional.of(dtype.asText()) : Optional.empty(),
                root.has("quantization_config")
                        ? Optional.of(quantization(root.get("quantization_config"), source))
                        : Optional.empty());
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

    private static Optional<String> text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n != null && n.isTextual() && !n.asText().isBlank() ? Optional.of(n.asText()) : Optional.empty();
    }

    private static long longField(JsonNode root, String field, String source) {
        JsonNode n = root.get(field);
        if (n == null || !n.canConvertToExactIntegral() || !n.canConvertToLong() || n.asLong() <= 0) {
            throw new ModelFileException(
                    source,
                    ModelFileException.NO_OFFSET,
                    field + " must be a positive integer, was " + (n == null ? "missing" : n.toString()));
        }
        return n.asLong();
    }

    private static int intField(JsonNode root, String field, String source) {
        long v = longField(root, field, source);
        if (v > Integer.MAX_VALUE) {
            throw new ModelFileException(source, ModelFileException.NO_OFFSET, field + " is too large: " + v);
        }
        return (int) v;
    }
}
