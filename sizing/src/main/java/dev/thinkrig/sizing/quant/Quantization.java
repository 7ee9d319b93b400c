package dev.thinkrig.sizing.quant;

import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.Tensor;
import dev.thinkrig.sizing.model.TensorRole;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A whole-model quantization as users name it ({@code Q4_K_M}, {@code FP8}, {@code AWQ}), and the storage type it gives
 * each tensor.
 *
 * <p>GGUF mixes follow llama.cpp's {@code llama_tensor_get_type} (src/llama-quant.cpp): the output tensor is raised to
 * Q6_K, {@code _M} mixes raise attn_v and ffn_down in the first and last eighth of the layers and every third layer
 * between, and rows that do not split into 256-element super-blocks fall back to a 32-element type. Files quantized
 * with an importance matrix or custom overrides can differ; a real GGUF header is exact where one is at hand.
 *
 * <p>{@code qualityLoss} is the perplexity increase llama.cpp's quantize tool lists for each type on Llama-3-8B
 * (tools/quantize/quantize.cpp, QUANT_OPTIONS); it ranks quantizations, best first. Types it does not list are placed
 * by the stated equivalent; F16 and BF16 count as lossless.
 */
public enum Quantization {
    BF16(Set.of(WeightFormat.GGUF, WeightFormat.SAFETENSORS), TensorType.BF16, 0.0, "brain float 16, no loss"),
    F16(Set.of(WeightFormat.GGUF, WeightFormat.SAFETENSORS), TensorType.F16, 0.0, "float 16, no loss"),
    Q8_0(Set.of(WeightFormat.GGUF), TensorType.Q8_0, 0.0026, "+0.0026 ppl @ Llama-3-8B"),
    /** vLLM FP8 (E4M3) weights; ranked with Q8_0, its 8-bit peer. */
    FP8(Set.of(WeightFormat.SAFETENSORS), TensorType.FP8, 0.0026, "ranked as Q8_0 (8-bit peer)"),
    Q6_K(Set.of(WeightFormat.GGUF), TensorType.Q6_K, 0.0217, "+0.0217 ppl @ Llama-3-8B"),
    Q5_K_M(Set.of(WeightFormat.GGUF), TensorType.Q5_K, 0.0569, "+0.0569 ppl @ Llama-3-8B"),
    Q5_K_S(Set.of(WeightFormat.GGUF), TensorType.Q5_K, 0.1049, "+0.1049 ppl @ Llama-3-8B"),
    Q4_K_M(Set.of(WeightFormat.GGUF), TensorType.Q4_K, 0.1754, "+0.1754 ppl @ Llama-3-8B"),
    /** AWQ 4-bit, group size 128; ranked with Q4_K_M, the 4-bit mix Ollama ships by default. */
    AWQ(Set.of(WeightFormat.SAFETENSORS), TensorType.INT4_G128, 0.1754, "ranked as Q4_K_M (4-bit peer)"),
    /** GPTQ 4-bit, group size 128; ranked with Q4_K_M. */
    GPTQ(Set.of(WeightFormat.SAFETENSORS), TensorType.INT4_G128, 0.1754, "ranked as Q4_K_M (4-bit peer)"),
    /** NVIDIA FP4 with FP8 block scales; ranked with Q4_K_M. */
    NVFP4(Set.of(WeightFormat.SAFETENSORS), TensorType.NVFP4, 0.1754, "ranked as Q4_K_M (4-bit peer)"),
    Q4_K_S(Set.of(WeightFormat.GGUF), TensorType.Q4_K, 0.2689, "+0.2689 ppl @ Llama-3-8B"),
    /** llama.cpp lists IQ4_XS by bits only (4.25 bpw); ranked with Q4_K_S, its size peer. */
    IQ4_XS(Set.of(WeightFormat.GGUF), TensorType.IQ4_XS, 0.2689, "ranked as Q4_K_S (4.25 bpw peer)"),
    /** OCP MXFP4 (gpt-oss ships its experts in it); ranked with Q4_K_S. */
    MXFP4(Set.of(WeightFormat.GGUF, WeightFormat.SAFETENSORS), TensorType.MXFP4, 0.2689, "ranked as Q4_K_S"),
    Q4_0(Set.of(WeightFormat.GGUF), TensorType.Q4_0, 0.4685, "+0.4685 ppl @ Llama-3-8B"),
    Q3_K_M(Set.of(WeightFormat.GGUF), TensorType.Q3_K, 0.6569, "+0.6569 ppl @ Llama-3-8B"),
    Q2_K(Set.of(WeightFormat.GGUF), TensorType.Q2_K, 3.5199, "+3.5199 ppl @ Llama-3-8B");

    private final Set<WeightFormat> formats;
    private final TensorType baseType;
    private final double qualityLoss;
    private final String qualityNote;

    Quantization(Set<WeightFormat> formats, TensorType baseType, double qualityLoss, String qualityNote) {
        this.formats = EnumSet.copyOf(formats);
        this.baseType = baseType;
        this.qualityLoss = qualityLoss;
        this.qualityNote = qualityNote;
    }

    /** Parses a name as users write it, case-insensitively ({@code q4_k_m}, {@code fp8}, {@code awq}). */
    public static Quantization parse(String name) {
        String wanted = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Quantization q : values()) {
            if (q.name().equals(wanted)) {
                return q;
            }
        }
        throw new IllegalArgumentException("unknown quantization '" + name + "' (known: " + knownNames() + ")");
    }

    public static String knownNames() {
        return Arrays.stream(values()).map(Quantization::name).collect(Collectors.joining(", "));
    }

    public boolean availableIn(WeightFormat format) {
        return formats.contains(format);
    }

    public TensorType baseType() {
        return baseType;
    }

    /**
     * Quality tiers by perplexity increase: differences inside a tier are below what users notice, so the planner
     * ranks by tier and lets context and speed decide within it. 0 lossless (at most +0.01: F16, BF16, Q8_0, FP8),
     * 1 near-lossless (+0.06: Q6_K, Q5_K_M), 2 balanced (+0.3: the 4- and 5-bit mixes), 3 lossy (+0.7: Q4_0, Q3_K_M),
     * 4 very lossy (Q2_K). The bounds follow the gaps in llama.cpp's Llama-3-8B table.
     */
    public int qualityTier() {
        if (qualityLoss <= 0.01) {
            return 0;
        } else if (qualityLoss <= 0.06) {
            return 1;
        } else if (qualityLoss <= 0.3) {
            return 2;
        } else if (qualityLoss <= 0.7) {
            return 3;
        }
        return 4;
    }

    /** Perplexity increase over the unquantized model (lower is better), as documented in the class comment. */
    public double qualityLoss() {
        return qualityLoss;
    }

    public String qualityNote() {
        return qualityNote;
    }

    /** The storage type of {@code tensor} when a model of {@code shape} is stored in this quantization. */
    public TensorType typeFor(Tensor tensor, ModelShape shape, WeightFormat format) {
        if (!availableIn(format)) {
            throw new IllegalArgumentException(name() + " does not exist in " + format + " files");
        }
        return format == WeightFormat.GGUF ? ggufType(tensor, shape) : safetensorsType(tensor);
    }

    private TensorType safetensorsType(Tensor tensor) {
        TensorType unquantized = this == F16 ? TensorType.F16 : TensorType.BF16;
        if (this == MXFP4) {
            // gpt-oss checkpoints store only the routed experts in MXFP4; attention, router, embeddings and lm_head
            // stay BF16 (config.json quantization_config.modules_to_not_convert)
            return tensor.role().isRoutedExpert() ? baseType : unquantized;
        }
        // AWQ, GPTQ, FP8 and NVFP4 checkpoints quantize the linear layers of the blocks only; embeddings, lm_head,
        // routers and norms stay 16-bit (vLLM's quantized linear methods skip them).
        return tensor.role().isBlockLinear() ? baseType : unquantized;
    }

    private TensorType ggufType(Tensor tensor, ModelShape shape) {
        if (!tensor.role().isMatrix()) {
            // llama.cpp keeps 1-D tensors (norms, biases) in f32, and never quantizes the expert router
            // (llama-quant.cpp: "do not quantize expert gating tensors"; the converter writes it as f32)
            return TensorType.F32;
        }
        if (this == F16 || this == BF16) {
            return baseType; // not a quantized type: llama.cpp converts every matrix and skips the mix rules
        }
        TensorType type = mixType(tensor, shape);
        return fallbackForRow(type, tensor);
    }

    private TensorType mixType(Tensor tensor, ModelShape shape) {
        int layer = tensor.layer();
        int layers = shape.layers();
        boolean outputLike = tensor.role() == TensorRole.OUTPUT
                || (shape.tiedEmbeddings() && tensor.role() == TensorRole.TOKEN_EMBEDDING);
        if (outputLike) {
            if (this == MXFP4 || !baseType.fitsRow(tensor.rowLength())) {
                return TensorType.Q8_0;
            }
            return baseType == TensorType.Q8_0 ? TensorType.Q8_0 : TensorType.Q6_K;
        }
        if (this == MXFP4) {
            // LLAMA_FTYPE_MOSTLY_MXFP4_MOE: "MoE tensors -> MXFP4, other tensors -> Q8_0" (3-D tensors, ne[2] > 1)
            return tensor.role().isRoutedExpert() ? TensorType.MXFP4 : TensorType.Q8_0;
        }
        // llama.cpp's rules for 8-expert models (Mixtral): "bumping this to Q8_0 trades just ~128MB"
        boolean eightExperts = shape.experts().map(e -> e.count() == 8).orElse(false);
        switch (tensor.role()) {
            case ATTN_V: {
                TensorType type = baseType;
                if (this == Q2_K) {
                    type = shape.queriesPerKvHead() >= 4 ? TensorType.Q4_K : TensorType.Q3_K;
                } else if (this == Q3_K_M) {
                    type = layer < 2 ? TensorType.Q5_K : TensorType.Q4_K;
                } else if (this == IQ4_XS && shape.queriesPerKvHead() >= 4) {
                    type = TensorType.Q5_K;
                } else if ((this == Q4_K_M || this == Q5_K_M) && useMoreBits(layer, layers)) {
                    type = TensorType.Q6_K;
                } else if (this == Q4_K_S && layer < 4) {
                    type = TensorType.Q5_K;
                }
                if (isLlamaCpp70B(shape) && (type == TensorType.Q3_K || type == TensorType.Q4_K)) {
                    type = TensorType.Q5_K;
                }
                return eightExperts ? TensorType.Q8_0 : type;
            }
            case ATTN_K:
                return eightExperts ? TensorType.Q8_0 : baseType;
            case ATTN_QKV:
                // fused q/k/v (Phi-3, Phi-4): one step up for the K-quant mixes
                if (this == Q3_K_M) {
                    return TensorType.Q4_K;
                } else if (this == Q4_K_M) {
                    return TensorType.Q5_K;
                } else if (this == Q5_K_M) {
                    return TensorType.Q6_K;
                }
                return baseType;
            case FFN_DOWN:
            case FFN_DOWN_EXPS:
                // with experts llama.cpp takes the layer from the tensor name, so the routed and shared ffn_down of
                // one layer get the same type; n_layer is the block count either way
                if (this == Q2_K) {
                    return TensorType.Q3_K;
                } else if (this == Q3_K_M) {
                    return layer < layers / 16 ? TensorType.Q5_K : TensorType.Q4_K;
                } else if (this == Q4_K_M && useMoreBits(layer, layers)) {
                    return TensorType.Q6_K;
                } else if (this == IQ4_XS && layer < layers / 8) {
                    return TensorType.Q5_K; // the rule for files made without an importance matrix
                } else if (this == Q5_K_M && useMoreBits(layer, layers)) {
                    return TensorType.Q6_K;
                } else if (this == Q4_K_S && layer < layers / 8) {
                    return TensorType.Q5_K;
                }
                return baseType;
            case ATTN_OUTPUT:
                if (eightExperts) {
                    return this == Q2_K || this == Q3_K_M || this == Q4_K_S || this == Q4_K_M || this == IQ4_XS
                            ? TensorType.Q5_K
                            : baseType;
                }
                if (this == Q2_K) {
                    return TensorType.Q3_K;
                } else if (this == Q3_K_M) {
                    return TensorType.Q4_K;
                }
                return baseType;
            default:
                return baseType;
        }
    }

    /** llama.cpp's use_more_bits: the first and last eighth of the layers, and every third layer in between. */
    static boolean useMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    /** llama.cpp types an 80-layer grouped-query Llama or Qwen2 as LLM_TYPE_70B and gives its attn_v more bits. */
    private static boolean isLlamaCpp70B(ModelShape shape) {
        return shape.layers() == 80
                && (shape.architecture() == Architecture.LLAMA || shape.architecture() == Architecture.QWEN2)
                && shape.kvHeads() != shape.attentionHeads();
    }

    /** llama.cpp's fallback when a row does not split into the type's blocks (for example 2880-wide gpt-oss rows). */
    private static TensorType fallbackForRow(TensorType type, Tensor tensor) {
        if (type.fitsRow(tensor.rowLength())) {
            return type;
        }
        TensorType fallback = switch (type) {
            case Q2_K, Q3_K, IQ4_XS -> TensorType.IQ4_NL;
            case Q4_K -> TensorType.Q5_0;
            case Q5_K -> TensorType.Q5_1;
            case Q6_K -> TensorType.Q8_0;
            default ->
                throw new IllegalArgumentException("tensor " + tensor.name() + " has rows of " + tensor.rowLength()
                        + " elements, which " + type.ggmlName() + " cannot store");
        };
        return fallback.fitsRow(tensor.rowLength()) ? fallback : TensorType.F16;
    }
}
