package dev.thinkrig.sizing.kv;

import dev.thinkrig.sizing.quant.TensorType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the key/value cache stores its elements. llama.cpp's quantized caches use the same blocks as its weights
 * (q8_0: 34 bytes per 32, q4_0: 18 per 32); vLLM's {@code --kv-cache-dtype fp8} stores one byte per element.
 *
 * <p>{@code qualityRank} orders cache types for the planner, best first: 16-bit is exact, 8-bit caches are close
 * (llama.cpp PR #7412 measured +0.002 to +0.004 perplexity for q8_0 K and V), q4_0 loses more (+0.04 to +0.2 there).
 */
public enum KvCacheType {
    F16(TensorType.F16, 0),
    BF16(TensorType.BF16, 0),
    FP8(TensorType.FP8, 1),
    Q8_0(TensorType.Q8_0, 1),
    Q4_0(TensorType.Q4_0, 2);

    private final TensorType storage;
    private final int qualityRank;

    KvCacheType(TensorType storage, int qualityRank) {
        this.storage = storage;
        this.qualityRank = qualityRank;
    }

    public static KvCacheType parse(String name) {
        String wanted = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (KvCacheType t : values()) {
            if (t.name().equals(wanted)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown KV cache type '" + name + "' (known: "
                + Arrays.stream(values()).map(KvCacheType::cliName).collect(Collectors.joining(", ")) + ")");
    }

    /** The spelling engines and users use: {@code f16}, {@code q8_0}, {@code fp8}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public TensorType storage() {
        return storage;
    }

    public int qualityRank() {
        return qualityRank;
    }

    /** Whether llama.cpp needs flash attention for this cache (it does for every quantized V cache). */
    public boolean needsFlashAttention() {
        return this == Q8_0 || this == Q4_0;
    }
}
