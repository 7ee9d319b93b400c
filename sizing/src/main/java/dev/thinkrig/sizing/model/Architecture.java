package dev.thinkrig.sizing.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Tensor layout families thinkrig can size from a shape alone: decoder-only transformers with a gated MLP, dense or
 * mixture-of-experts, with grouped-query or multi-head latent attention. Ids are llama.cpp's
 * {@code general.architecture} values (src/llama-arch.cpp, LLM_ARCH_NAMES).
 */
public enum Architecture {
    /** Llama 2/3, Mistral and Magistral: no attention biases. */
    LLAMA("llama"),
    /** Qwen2 / Qwen2.5 (the R1 Qwen distills, QwQ): biases on the q, k and v projections. */
    QWEN2("qwen2"),
    /** Qwen3 dense: per-head RMSNorm on queries and keys (q_norm, k_norm), no biases. */
    QWEN3("qwen3"),
    /** Qwen3 mixture of experts (30B-A3B, 235B-A22B): Qwen3 attention, routed experts in every layer. */
    QWEN3MOE("qwen3moe"),
    /**
     * OpenAI gpt-oss: biases on q, k, v and the output projection, one attention-sink logit per head, routed experts
     * with biases, alternating sliding-window and full attention layers.
     */
    GPT_OSS("gpt-oss"),
    /** DeepSeek-V2/V3/R1: multi-head latent attention, leading dense layers, routed plus shared experts. */
    DEEPSEEK2("deepseek2"),
    /**
     * Google Gemma 3: Qwen3-like q/k norms plus a norm after attention and after the MLP (post_attention_norm,
     * post_ffw_norm), tied embeddings, five sliding-window layers to one global (llama.cpp src/llama-model.cpp
     * LLM_ARCH_GEMMA3).
     */
    GEMMA3("gemma3"),
    /** Phi-3 / Phi-4: fused q/k/v projection (attn_qkv) and fused gate/up projection (ffn_up holds both). */
    PHI3("phi3");

    private final String id;

    Architecture(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Architecture fromId(String id) {
        for (Architecture a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + id + "' (known: "
                + Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", ")) + ")");
    }
}
