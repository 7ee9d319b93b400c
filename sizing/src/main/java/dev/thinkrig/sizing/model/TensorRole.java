package dev.thinkrig.sizing.model;

/** What a weight tensor does; quantization mixes choose a type by role (llama.cpp names in comments). */
public enum TensorRole {
    TOKEN_EMBEDDING, // token_embd.weight
    OUTPUT, // output.weight (lm_head)
    ATTN_Q, // blk.N.attn_q.weight
    ATTN_K, // blk.N.attn_k.weight
    ATTN_V, // blk.N.attn_v.weight
    ATTN_QKV, // blk.N.attn_qkv.weight (Phi-3/Phi-4: q, k and v in one matrix)
    /** Multi-head latent attention projections: attn_q_a, attn_q_b, attn_kv_a_mqa, attn_kv_b (no mix rule). */
    ATTN_LATENT,
    ATTN_OUTPUT, // blk.N.attn_output.weight
    FFN_GATE, // blk.N.ffn_gate.weight, and ffn_gate_shexp (shared experts)
    FFN_UP, // blk.N.ffn_up.weight, and ffn_up_shexp
    FFN_DOWN, // blk.N.ffn_down.weight, and ffn_down_shexp
    /** The router, ffn_gate_inp: llama.cpp never quantizes it ("do not quantize expert gating tensors"). */
    FFN_ROUTER,
    FFN_GATE_EXPS, // blk.N.ffn_gate_exps.weight: all routed experts in one 3-D tensor
    FFN_UP_EXPS, // blk.N.ffn_up_exps.weight
    FFN_DOWN_EXPS, // blk.N.ffn_down_exps.weight
    /** One-dimensional tensors: norms, biases, attention sinks, kept at full precision by every format. */
    VECTOR;

    /** Whether quantizers touch this tensor (two-dimensional linear weights and embeddings). */
    public boolean isMatrix() {
        return this != VECTOR && this != FFN_ROUTER;
    }

    /** Linear layers inside the transformer blocks (what AWQ, GPTQ, FP8 and NVFP4 checkpoints quantize). */
    public boolean isBlockLinear() {
        return isMatrix() && this != TOKEN_EMBEDDING && this != OUTPUT;
    }

    /** The routed experts: stored as 3-D tensors, read only in part per token. */
    public boolean isRoutedExpert() {
        return this == FFN_GATE_EXPS || this == FFN_UP_EXPS || this == FFN_DOWN_EXPS;
    }
}
