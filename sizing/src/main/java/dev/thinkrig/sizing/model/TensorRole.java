package dev.thinkrig.sizing.model;

/** What a weight tensor does; quantization mixes choose a type by role (llama.cpp names in comments). */
public enum TensorRole {
    TOKEN_EMBEDDING, // token_embd.weight
    OUTPUT, // output.weight (lm_head)
    ATTN_Q, // blk.N.attn_q.weight
    ATTN_K, // blk.N.attn_k.weight
    ATTN_V, // blk.N.attn_v.weight
    ATTN_OUTPUT, // blk.N.attn_output.weight
    FFN_GATE, // blk.N.ffn_gate.weight
    FFN_UP, // blk.N.ffn_up.weight
    FFN_DOWN, // blk.N.ffn_down.weight
    /** One-dimensional tensors: norms and biases, kept at full precision by every format. */
    VECTOR;

    /** Whether quantizers touch this tensor (two-dimensional linear weights and embeddings). */
    public boolean isMatrix() {
        return this != VECTOR;
    }

    /** Linear layers inside the transformer blocks (what AWQ, GPTQ, FP8 and NVFP4 checkpoints quantize). */
    public boolean isBlockLinear() {
        return this != VECTOR && this != TOKEN_EMBEDDING && this != OUTPUT;
    }
}
