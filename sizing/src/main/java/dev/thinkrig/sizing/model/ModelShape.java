package dev.thinkrig.sizing.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The dimensions of a dense transformer, as its config.json states them; enough to list every weight tensor.
 *
 * @param headDim size of one attention head (config.json {@code head_dim}, else hidden / heads)
 * @param maxContextTokens the longest context the model was trained or extended for
 */
public record ModelShape(
        Architecture architecture,
        int layers,
        long hiddenSize,
        long intermediateSize,
        int attentionHeads,
        int kvHeads,
        int headDim,
        long vocabSize,
        int maxContextTokens,
        boolean tiedEmbeddings,
        boolean attentionBias,
        boolean qkNorm) {

    public ModelShape {
        positive("layers", layers);
        positive("hiddenSize", hiddenSize);
        positive("intermediateSize", intermediateSize);
        positive("attentionHeads", attentionHeads);
        positive("kvHeads", kvHeads);
        positive("headDim", headDim);
        positive("vocabSize", vocabSize);
        positive("maxContextTokens", maxContextTokens);
        if (attentionHeads % kvHeads != 0) {
            throw new IllegalArgumentException(
                    "attentionHeads (" + attentionHeads + ") must be a multiple of kvHeads (" + kvHeads + ")");
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** Query heads per key/value head (llama.cpp's n_gqa). */
    public int queriesPerKvHead() {
        return attentionHeads / kvHeads;
    }

    /**
     * Every weight tensor in llama.cpp's order (embeddings, blocks, final norm, output), with llama.cpp's names, so
     * that quantization mixes that count tensors of a kind (attn_v, ffn_down) see them in the same order.
     */
    public List<Tensor> tensors() {
        long qWidth = (long) attentionHeads * headDim;
        long kvWidth = (long) kvHeads * headDim;
        List<Tensor> out = new ArrayList<>(layers * 14 + 3);
        out.add(new Tensor("token_embd.weight", TensorRole.TOKEN_EMBEDDING, -1, hiddenSize, vocabSize));
        for (int i = 0; i < layers; i++) {
            String p = "blk." + i + ".";
            out.add(new Tensor(p + "attn_norm.weight", TensorRole.VECTOR, i, hiddenSize, 1));
            out.add(new Tensor(p + "attn_q.weight", TensorRole.ATTN_Q, i, hiddenSize, qWidth));
            out.add(new Tensor(p + "attn_k.weight", TensorRole.ATTN_K, i, hiddenSize, kvWidth));
            out.add(new Tensor(p + "attn_v.weight", TensorRole.ATTN_V, i, hiddenSize, kvWidth));
            if (attentionBias) {
                out.add(new Tensor(p + "attn_q.bias", TensorRole.VECTOR, i, qWidth, 1));
                out.add(new Tensor(p + "attn_k.bias", TensorRole.VECTOR, i, kvWidth, 1));
                out.add(new Tensor(p + "attn_v.bias", TensorRole.VECTOR, i, kvWidth, 1));
            }
            if (qkNorm) {
                out.add(new Tensor(p + "attn_q_norm.weight", TensorRole.VECTOR, i, headDim, 1));
                out.add(new Tensor(p + "attn_k_norm.weight", TensorRole.VECTOR, i, headDim, 1));
            }
            out.add(new Tensor(p + "attn_output.weight", TensorRole.ATTN_OUTPUT, i, qWidth, hiddenSize));
            out.add(new Tensor(p + "ffn_norm.weight", TensorRole.VECTOR, i, hiddenSize, 1));
            out.add(new Tensor(p + "ffn_gate.weight", TensorRole.FFN_GATE, i, hiddenSize, intermediateSize));
            out.add(new Tensor(p + "ffn_up.weight", TensorRole.FFN_UP, i, hiddenSize, intermediateSize));
            out.add(new Tensor(p + "ffn_down.weight", TensorRole.FFN_DOWN, i, intermediateSize, hiddenSize));
        }
        out.add(new Tensor("output_norm.weight", TensorRole.VECTOR, -1, hiddenSize, 1));
        if (!tiedEmbeddings) {
            out.add(new Tensor("output.weight", TensorRole.OUTPUT, -1, hiddenSize, vocabSize));
        }
        return out;
    }

    /** Total parameters, counted from the tensor list (the catalog's published count is checked against it). */
    public long parameterCount() {
        return tensors().stream().mapToLong(Tensor::elements).sum();
    }
}
