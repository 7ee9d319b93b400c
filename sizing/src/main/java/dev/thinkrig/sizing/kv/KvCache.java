package dev.thinkrig.sizing.kv;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.model.ModelShape;

/**
 * Key/value cache arithmetic for grouped-query attention: per token and layer the cache holds one key and one value
 * vector per KV head, {@code 2 x kvHeads x headDim} elements.
 */
public final class KvCache {

    private KvCache() {}

    /**
     * Bytes one token of one sequence takes in every layer: {@code 2 x layers x kvHeads x headDim x bytes per element}.
     * R1-Distill-Qwen-32B at f16: 2 x 64 x 8 x 128 x 2 = 262,144 bytes.
     */
    public static DataSize bytesPerToken(ModelShape shape, KvCacheType type) {
        long perLayer = 2 * type.storage().bytes((long) shape.kvHeads() * shape.headDim(), 1);
        return DataSize.ofBytes(Math.multiplyExact(perLayer, shape.layers()));
    }

    /** Bytes for {@code tokens} cached tokens in total (summed over sequences). */
    public static DataSize bytes(ModelShape shape, KvCacheType type, long tokens) {
        return bytesPerToken(shape, type).times(tokens);
    }
}
