package dev.thinkrig.sizing.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The dimensions of a transformer, as its config.json states them; enough to list every weight tensor.
 *
 * @param intermediateSize the dense MLP width (for mixture-of-experts models: of the leading dense layers, if any)
 * @param headDim size of one attention head (config.json {@code head_dim}, else hidden / heads); for latent attention
 *     the value head size
 * @param maxContextTokens the longest context the model was trained or extended for
 * @param experts the mixture-of-experts layout; empty for dense models
 * @param latentAttention multi-head latent attention (DeepSeek-V3/R1); empty for grouped-query attention
 * @param slidingWindow sliding-window layers (gpt-oss, Gemma 3); empty when every layer attends to the whole context
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
        boolean qkNorm,
        Optional<Experts> experts,
        Optional<LatentAttention> latentAttention,
        Optional<SlidingWindow> slidingWindow) {

    public ModelShape {
        positive("layers", layers);
        positive("hiddenSize", hiddenSize);
        positive("intermediateSize", intermediateSize);
        positive("attentionHeads", attentionHeads);
        positive("kvHeads", kvHeads);
        positive("headDim", headDim);
        positive("vocabSize", vocabSize);
        positive("maxContextTokens", maxContextTokens);
        Objects.requireNonNull(experts, "experts");
        Objects.requireNonNull(latentAttention, "latentAttention");
        Objects.requireNonNull(slidingWindow, "slidingWindow");
        if (attentionHeads % kvHeads != 0) {
            throw new IllegalArgumentException(
                    "attentionHeads (" + attentionHeads + ") must be a multiple of kvHeads (" + kvHeads + ")");
        }
        boolean moeArchitecture = architecture == Architecture.QWEN3MOE
                || architecture == Architecture.GPT_OSS
                || architecture == Architecture.DEEPSEEK2;
        if (moeArchitecture != experts.isPresent()) {
            throw new IllegalArgumentException("architecture " + architecture.id()
                    + (moeArchitecture ? " needs an experts section" : " has no experts (dense)"));
        }
        if ((architecture == Architecture.DEEPSEEK2) != latentAttention.isPresent()) {
            throw new IllegalArgumentException("latentAttention is required by deepseek2 and only by it");
        }
        if (experts.isPresent() && experts.get().leadingDenseLayers() >= layers) {
            throw new IllegalArgumentException("experts.leadingDenseLayers must be fewer than the layers");
        }
    }

    /** A dense grouped-query model in which every layer attends to the whole context. */
    public ModelShape(
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
        this(
                architecture,
                layers,
                hiddenSize,
                intermediateSize,
                attentionHeads,
                kvHeads,
                headDim,
                vocabSize,
                maxContextTokens,
                tiedEmbeddings,
                attentionBias,
                qkNorm,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
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
     * The same layer shape with {@code count} layers: a model cut to fewer layers keeps every per-layer size (how the
     * real-engine test loads a large model's shape in the page cache of a small machine).
     */
    public ModelShape withLayers(int count) {
        return new ModelShape(
                architecture,
                count,
                hiddenSize,
                intermediateSize,
                attentionHeads,
                kvHeads,
                headDim,
                vocabSize,
                maxContextTokens,
                tiedEmbeddings,
                attentionBias,
                qkNorm,
                experts,
                latentAttention,
                slidingWindow);
    }

    /** Whether layer {@code layer} attends to the whole context (its cache grows with it). */
    public boolean isFullAttention(int layer) {
        return slidingWindow.map(w -> w.isFull(layer)).orElse(true);
    }

    /** Layers whose cache grows with the context. */
    public int fullAttentionLayers() {
        int n = 0;
        for (int i = 0; i < layers; i++) {
            if (isFullAttention(i)) {
                n++;
            }
        }
        return n;
    }

    /** Whether layer {@code layer} routes its MLP through experts. */
    public boolean isMoeLayer(int layer) {
        return experts.map(e -> layer >= e.leadingDenseLayers()).orElse(false);
    }

    /**
     * Every weight tensor in llama.cpp's order (embeddings, blocks, final norm, output), with llama.cpp's names, so
     * that quantization mixes that count tensors of a kind (attn_v, ffn_down) see them in the same order. The routed
     * experts of a layer are one 3-D tensor per projection, as in GGUF files: {@code rows} counts every expert's rows.
     */
    public List<Tensor> tensors() {
        List<Tensor> out = new ArrayList<>(layers * 20 + 3);
        out.add(new Tensor("token_embd.weight", TensorRole.TOKEN_EMBEDDING, -1, hiddenSize, vocabSize));
        for (int i = 0; i < layers; i++) {
            String p = "blk." + i + ".";
            out.add(new Tensor(p + "attn_norm.weight", TensorRole.VECTOR, i, hiddenSize, 1));
            attentionTensors(out, p, i);
            if (architecture == Architecture.GEMMA3) {
                out.add(new Tensor(p + "post_attention_norm.weight", TensorRole.VECTOR, i, hiddenSize, 1));
            }
            out.add(new Tensor(p + "ffn_norm.weight", TensorRole.VECTOR, i, hiddenSize, 1));
            if (isMoeLayer(i)) {
                expertTensors(out, p, i, experts.get());
            } else if (architecture == Architecture.PHI3) {
                // ffn_up holds the gate and up projections side by side (llama.cpp phi3: n_ff x 2)
                out.add(new Tensor(p + "ffn_up.weight", TensorRole.FFN_UP, i, hiddenSize, 2 * intermediateSize));
                out.add(new Tensor(p + "ffn_down.weight", TensorRole.FFN_DOWN, i, intermediateSize, hiddenSize));
            } else {
                out.add(new Tensor(p + "ffn_gate.weight", TensorRole.FFN_GATE, i, hiddenSize, intermediateSize));
                out.add(new Tensor(p + "ffn_up.weight", TensorRole.FFN_UP, i, hiddenSize, intermediateSize));
                out.add(new Tensor(p + "ffn_down.weight", TensorRole.FFN_DOWN, i, intermediateSize, hiddenSize));
            }
            if (architecture == Architecture.GEMMA3) {
                out.add(new Tensor(p + "post_ffw_norm.weight", TensorRole.VECTOR, i, hiddenSize, 1));
            }
        }
        out.add(new Tensor("output_norm.weight", TensorRole.VECTOR, -1, hiddenSize, 1));
        if (!tiedEmbeddings) {
            out.add(new Tensor("output.weight", TensorRole.OUTPUT, -1, hiddenSize, vocabSize));
        }
        return out;
    }

    private void attentionTensors(List<Tensor> out, String p, int i) {
        long qWidth = (long) attentionHeads * headDim;
        long kvWidth = (long) kvHeads * headDim;
        if (latentAttention.isPresent()) {
            LatentAttention m = latentAttention.get();
            // llama.cpp deepseek2 tensors of a GGUF converted with attn_kv_b (the layout of the early-2025 R1 files)
            out.add(new Tensor(p + "attn_q_a.weight", TensorRole.ATTN_LATENT, i, hiddenSize, m.qLoraRank()));
            out.add(new Tensor(p + "attn_q_a_norm.weight", TensorRole.VECTOR, i, m.qLoraRank(), 1));
            out.add(new Tensor(
                    p + "attn_q_b.weight",
                    TensorRole.ATTN_LATENT,
                    i,
                    m.qLoraRank(),
                    (long) attentionHeads * m.keyHeadDim()));
            out.add(new Tensor(p + "attn_kv_a_mqa.weight", TensorRole.ATTN_LATENT, i, hiddenSize, m.latentElements()));
            out.add(new Tensor(p + "attn_kv_a_norm.weight", TensorRole.VECTOR, i, m.kvLoraRank(), 1));
            out.add(new Tensor(
                    p + "attn_kv_b.weight",
                    TensorRole.ATTN_LATENT,
                    i,
                    m.kvLoraRank(),
                    (long) attentionHeads * (m.qkNopeHeadDim() + m.vHeadDim())));
            out.add(new Tensor(
                    p + "attn_output.weight",
                    TensorRole.ATTN_OUTPUT,
                    i,
                    (long) attentionHeads * m.vHeadDim(),
                    hiddenSize));
            return;
        }
        if (architecture == Architecture.PHI3) {
            out.add(new Tensor(p + "attn_qkv.weight", TensorRole.ATTN_QKV, i, hiddenSize, qWidth + 2 * kvWidth));
            out.add(new Tensor(p + "attn_output.weight", TensorRole.ATTN_OUTPUT, i, qWidth, hiddenSize));
            return;
        }
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
        if (architecture == Architecture.GPT_OSS) {
            out.add(new Tensor(p + "attn_output.bias", TensorRole.VECTOR, i, hiddenSize, 1));
            out.add(new Tensor(p + "attn_sinks.weight", TensorRole.VECTOR, i, attentionHeads, 1));
        }
    }

    private void expertTensors(List<Tensor> out, String p, int i, Experts e) {
        out.add(new Tensor(p + "ffn_gate_inp.weight", TensorRole.FFN_ROUTER, i, hiddenSize, e.count()));
        if (architecture == Architecture.GPT_OSS) {
            out.add(new Tensor(p + "ffn_gate_inp.bias", TensorRole.VECTOR, i, e.count(), 1));
        } else if (architecture == Architecture.DEEPSEEK2) {
            // DeepSeek-V3's router score correction bias (e_score_correction_bias)
            out.add(new Tensor(p + "exp_probs_b.bias", TensorRole.VECTOR, i, e.count(), 1));
        }
        long rows = e.count() * e.ffnSize();
        out.add(new Tensor(p + "ffn_gate_exps.weight", TensorRole.FFN_GATE_EXPS, i, hiddenSize, rows));
        out.add(new Tensor(p + "ffn_up_exps.weight", TensorRole.FFN_UP_EXPS, i, hiddenSize, rows));
        out.add(new Tensor(
                p + "ffn_down_exps.weight", TensorRole.FFN_DOWN_EXPS, i, e.ffnSize(), e.count() * hiddenSize));
        if (architecture == Architecture.GPT_OSS) {
            out.add(new Tensor(p + "ffn_gate_exps.bias", TensorRole.VECTOR, i, rows, 1));
            out.add(new Tensor(p + "ffn_up_exps.bias", TensorRole.VECTOR, i, rows, 1));
            out.add(new Tensor(p + "ffn_down_exps.bias", TensorRole.VECTOR, i, e.count() * hiddenSize, 1));
        }
        if (e.shared() > 0) {
            long sharedWidth = e.shared() * e.ffnSize();
            out.add(new Tensor(p + "ffn_gate_shexp.weight", TensorRole.FFN_GATE, i, hiddenSize, sharedWidth));
            out.add(new Tensor(p + "ffn_up_shexp.weight", TensorRole.FFN_UP, i, hiddenSize, sharedWidth));
            out.add(new Tensor(p + "ffn_down_shexp.weight", TensorRole.FFN_DOWN, i, sharedWidth, hiddenSize));
        }
    }

    /** Total parameters, counted from the tensor list (the catalog's published count is checked against it). */
    public long parameterCount() {
        return tensors().stream().mapToLong(Tensor::elements).sum();
    }

    /**
     * Parameters one token uses: everything but the routed experts it is not sent to (DeepSeek-R1: 37B of 671B).
     * Equals {@link #parameterCount()} for dense models.
     */
    public long activeParameterCount() {
        if (experts.isEmpty()) {
            return parameterCount();
        }
        double share = experts.get().activeShare();
        long total = 0;
        for (Tensor t : tensors()) {
            total += t.role().isRoutedExpert() ? Math.round(t.elements() * share) : t.elements();
        }
        return total;
    }
}
