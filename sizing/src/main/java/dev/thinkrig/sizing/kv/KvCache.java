package dev.thinkrig.sizing.kv;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.model.LatentAttention;
import dev.thinkrig.sizing.model.ModelShape;

/**
 * Key/value cache arithmetic. Grouped-query attention holds one key and one value vector per KV head,
 * {@code 2 x kvHeads x headDim} elements per token and layer. Multi-head latent attention holds
 * {@code kv_lora_rank + qk_rope_head_dim} elements where the engine supports it ({@link KvFormat#LATENT}) and full
 * per-head keys and values where it does not ({@link KvFormat#EXPANDED}). Sliding-window layers are counted apart:
 * their cache stops growing at the window.
 */
public final class KvCache {

    /** How an engine stores a latent-attention cache; grouped-query models are stored the same way by both. */
    public enum KvFormat {
        /** The compressed latent (vLLM's MLA backends; llama.cpp with an MLA-converted GGUF). */
        LATENT,
        /** Keys and values of every head, as runtimes without MLA support keep them. */
        EXPANDED
    }

    private KvCache() {}

    /**
     * Elements one token takes in one layer. GQA: {@code 2 x kvHeads x headDim}. MLA latent: {@code 512 + 64 = 576}
     * for DeepSeek-V3/R1 (vLLM, sizing-facts.md). MLA expanded: {@code heads x (qk_nope + qk_rope) + heads x v_head}
     * = 128 x 192 + 128 x 128 = 40,960 (llama.cpp's non-MLA deepseek2 path: n_embd_k_gqa 24576 + n_embd_v_gqa 16384).
     */
    public static long elementsPerLayer(ModelShape shape, KvFormat format) {
        if (shape.latentAttention().isPresent()) {
            LatentAttention m = shape.latentAttention().get();
            return format == KvFormat.LATENT
                    ? m.latentElements()
                    : (long) shape.attentionHeads() * (m.keyHeadDim() + m.vHeadDim());
        }
        return 2L * shape.kvHeads() * shape.headDim();
    }

    /** Bytes one token takes in one layer; quantized caches use the weight blocks (q8_0: 34 bytes per 32). */
    public static DataSize bytesPerLayer(ModelShape shape, KvCacheType type, KvFormat format) {
        if (shape.latentAttention().isPresent()) {
            return DataSize.ofBytes(type.storage().bytes(elementsPerLayer(shape, format), 1));
        }
        // keys and values are separate rows, each padded to whole blocks
        return DataSize.ofBytes(2 * type.storage().bytes((long) shape.kvHeads() * shape.headDim(), 1));
    }

    /**
     * Bytes one token of one sequence takes in every layer whose cache grows with the context (all layers but the
     * sliding-window ones). R1-Distill-Qwen-32B at f16: 2 x 64 x 8 x 128 x 2 = 262,144 bytes.
     */
    public static DataSize bytesPerToken(ModelShape shape, KvCacheType type, KvFormat format) {
        return bytesPerLayer(shape, type, format).times(shape.fullAttentionLayers());
    }

    /** {@link #bytesPerToken(ModelShape, KvCacheType, KvFormat)} for grouped-query models (the format is moot). */
    public static DataSize bytesPerToken(ModelShape shape, KvCacheType type) {
        return bytesPerToken(shape, type, KvFormat.LATENT);
    }

    /** Bytes one cached cell takes summed over the sliding-window layers (zero when there are none). */
    public static DataSize slidingBytesPerCell(ModelShape shape, KvCacheType type, KvFormat format) {
        return bytesPerLayer(shape, type, format).times(shape.layers() - shape.fullAttentionLayers());
    }

    /** Bytes for {@code tokens} cached tokens in total (summed over sequences), growing layers only. */
    public static DataSize bytes(ModelShape shape, KvCacheType type, long tokens) {
        return bytesPerToken(shape, type).times(tokens);
    }

    /** A name for the JSON output and the table: {@code grouped-query}, {@code latent}, {@code expanded-latent}. */
    public static String formatName(ModelShape shape, KvFormat format) {
        if (shape.latentAttention().isEmpty()) {
            return shape.slidingWindow().isPresent() ? "grouped-query+sliding-window" : "grouped-query";
        }
        return format == KvFormat.LATENT ? "latent" : "expanded-latent";
    }
}
