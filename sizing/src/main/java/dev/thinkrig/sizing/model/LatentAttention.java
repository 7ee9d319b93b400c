package dev.thinkrig.sizing.model;

/**
 * Multi-head latent attention (DeepSeek-V2/V3/R1): keys and values are compressed into one latent vector of
 * {@code kvLoraRank} elements plus a shared rotary key of {@code qkRopeHeadDim} elements per token and layer; each head
 * expands it with {@code attn_kv_b}. Names follow config.json.
 */
public record LatentAttention(int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {

    public LatentAttention {
        if (qLoraRank <= 0 || kvLoraRank <= 0 || qkNopeHeadDim <= 0 || qkRopeHeadDim <= 0 || vHeadDim <= 0) {
            throw new IllegalArgumentException("latentAttention dimensions must be positive");
        }
    }

    /** Elements cached per token and layer by engines that keep the latent: {@code kv_lora_rank + qk_rope_head_dim}. */
    public long latentElements() {
        return (long) kvLoraRank + qkRopeHeadDim;
    }

    /** Key width of one head once expanded: {@code qk_nope_head_dim + qk_rope_head_dim} (192 for DeepSeek-V3). */
    public int keyHeadDim() {
        return qkNopeHeadDim + qkRopeHeadDim;
    }
}
