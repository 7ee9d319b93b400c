package dev.thinkrig.sizing.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Tensor layout families thinkrig can size from a shape alone: dense decoder-only transformers with grouped-query
 * attention and a gated (SwiGLU) MLP. Names are llama.cpp's {@code general.architecture} values.
 */
public enum Architecture {
    /** Llama 2/3 and Mistral: no attention biases. */
    LLAMA,
    /** Qwen2 / Qwen2.5 (the R1 Qwen distills, QwQ): biases on the q, k and v projections. */
    QWEN2,
    /** Qwen3 dense: per-head RMSNorm on queries and keys (q_norm, k_norm), no biases. */
    QWEN3;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Architecture fromId(String id) {
        for (Architecture a : values()) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + id + "' (known: "
                + Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", ")) + ")");
    }
}
