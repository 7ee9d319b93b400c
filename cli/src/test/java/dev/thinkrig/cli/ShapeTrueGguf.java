package dev.thinkrig.cli;

import dev.thinkrig.profiles.gguf.GgmlType;
import dev.thinkrig.profiles.gguf.GgufValueType;
import dev.thinkrig.profiles.gguf.GgufWriter;
import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.Tensor;
import dev.thinkrig.sizing.model.TensorRole;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A GGUF that the real llama.cpp loads: a catalog model's shape with every tensor llama.cpp's loader asks for, in
 * the dimensions it checks ({@code src/models/*.cpp}, {@code load_tensors}), the hyperparameters its {@code
 * load_hparams} requires, and a SentencePiece-style vocabulary of the model's size. The tensor data is a hole (zeros
 * read through mmap), so a 60 GB model costs no disk and decodes at the speed of its memory traffic.
 */
final class ShapeTrueGguf {

    /** llama_ftype numbers (include/llama.h) for general.file_type. */
    private static int fileType(Quantization quant) {
        return switch (quant) {
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
            case Q3_K_M -> 12;
            case Q4_K_M -> 15;
            case MXFP4 -> 38;
            default -> throw new IllegalArgumentException("no llama_ftype for " + quant);
        };
    }

    private ShapeTrueGguf() {}

    /** Writes {@code shape} quantized as llama.cpp's mix {@code quant} would to {@code file} (sparse). */
    static Path write(String name, ModelShape shape, Quantization quant, Path file) throws IOException {
        String a = shape.architecture().id() + ".";
        GgufWriter w = new GgufWriter()
                .string("general.architecture", shape.architecture().id())
                .string("general.name", name)
                .u32("general.file_type", fileType(quant))
                .u32(a + "block_count", shape.layers())
                .u32(a + "context_length", shape.maxContextTokens())
                .u32(a + "embedding_length", shape.hiddenSize())
                .u32(a + "feed_forward_length", shape.intermediateSize())
                .u32(a + "attention.head_count", shape.attentionHeads())
                // a latent-attention file has one KV head: the shared latent (llama.cpp's converter since PR #12801)
                .u32(a + "attention.head_count_kv", shape.latentAttention().isPresent() ? 1 : shape.kvHeads())
                // required by every architecture here (llama_model_*::load_arch_hparams)
                .kv(a + "attention.layer_norm_rms_epsilon", GgufValueType.FLOAT32, 1e-6f)
                .kv(a + "rope.freq_base", GgufValueType.FLOAT32, 10000f);
        if (shape.latentAttention().isPresent()) {
            var m = shape.latentAttention().get();
            // a file converted after llama.cpp's MLA rework (PR #12801): key_length/value_length hold the latent
            // widths, the _mla keys the per-head sizes, attn_k_b/attn_v_b the split decompression
            w.u32(a + "attention.q_lora_rank", m.qLoraRank())
                    .u32(a + "attention.kv_lora_rank", m.kvLoraRank())
                    .u32(a + "attention.key_length", m.kvLoraRank() + m.qkRopeHeadDim())
                    .u32(a + "attention.value_length", m.kvLoraRank())
                    .u32(a + "attention.key_length_mla", m.keyHeadDim())
                    .u32(a + "attention.value_length_mla", m.vHeadDim())
                    .u32(a + "rope.dimension_count", m.qkRopeHeadDim());
        } else {
            w.u32(a + "attention.key_length", shape.headDim())
                    .u32(a + "attention.value_length", shape.headDim())
                    .u32(a + "rope.dimension_count", shape.headDim());
        }
        shape.experts().ifPresent(e -> {
            w.u32(a + "expert_count", e.count())
                    .u32(a + "expert_used_count", e.perToken())
                    .u32(a + "expert_feed_forward_length", e.ffnSize());
            if (shape.architecture() == Architecture.DEEPSEEK2) {
                w.u32(a + "expert_shared_count", e.shared())
                        .u32(a + "leading_dense_block_count", e.leadingDenseLayers())
                        .kv(a + "expert_weights_scale", GgufValueType.FLOAT32, 2.5f)
                        .kv(a + "expert_weights_norm", GgufValueType.BOOL, true)
                        .u32(a + "expert_gating_func", 2);
            }
        });
        shape.slidingWindow().ifPresent(sw -> w.u32(a + "attention.sliding_window", sw.window()));
        vocabulary(w, (int) shape.vocabSize());
        for (Tensor t : tensors(shape)) {
            GgmlType type =
                    GgmlType.valueOf(quant.typeFor(t, shape, WeightFormat.GGUF).name());
            long[] dims = dims(t, shape);
            w.tensor(t.name(), type, dims);
        }
        return w.write(file);
    }

    /**
     * thinkrig's tensor list, with the latent attention's {@code attn_kv_b} split into {@code attn_k_b} and {@code
     * attn_v_b} as llama.cpp's converter writes it since PR #12801 (same elements), and gpt-oss's second norm under
     * its GGUF name.
     */
    private static List<Tensor> tensors(ModelShape shape) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : shape.tensors()) {
            if (t.name().endsWith("attn_kv_b.weight")) {
                var m = shape.latentAttention().orElseThrow();
                String p = t.name().substring(0, t.name().length() - "attn_kv_b.weight".length());
                int heads = shape.attentionHeads();
                out.add(new Tensor(
                        p + "attn_k_b.weight", t.role(), t.layer(), m.qkNopeHeadDim(), (long) m.kvLoraRank() * heads));
                out.add(new Tensor(
                        p + "attn_v_b.weight", t.role(), t.layer(), m.kvLoraRank(), (long) m.vHeadDim() * heads));
            } else if (shape.architecture() == Architecture.GPT_OSS && t.name().endsWith(".ffn_norm.weight")) {
                // gpt-oss's second norm is named for the attention it follows (llama.cpp openai-moe.cpp)
                out.add(new Tensor(
                        t.name().replace(".ffn_norm.", ".post_attention_norm."),
                        t.role(),
                        t.layer(),
                        t.rowLength(),
                        t.rows()));
            } else {
                out.add(t);
            }
        }
        return out;
    }

    /** ggml dimensions, row length first: the routed experts are 3-D (one matrix per expert), their biases 2-D. */
    private static long[] dims(Tensor t, ModelShape shape) {
        int experts = shape.experts().map(e -> e.count()).orElse(1);
        String n = t.name();
        if (n.endsWith("_exps.weight")) {
            return new long[] {t.rowLength(), t.rows() / experts, experts};
        }
        if (n.endsWith("_exps.bias")) {
            return new long[] {t.rowLength() / experts, experts};
        }
        if (n.endsWith("attn_k_b.weight") || n.endsWith("attn_v_b.weight")) {
            int heads = shape.attentionHeads();
            return new long[] {t.rowLength(), t.rows() / heads, heads};
        }
        return t.role() == TensorRole.VECTOR ? new long[] {t.rowLength()} : new long[] {t.rowLength(), t.rows()};
    }

    /**
     * A SentencePiece vocabulary ({@code tokenizer.ggml.model = llama}) of {@code size} tokens: unknown, begin and
     * end of text, the 256 byte tokens llama.cpp looks the newline up in (llama-vocab.cpp, byte_to_token), and
     * distinct filler pieces. Prompts tokenize through the byte fallback.
     */
    private static void vocabulary(GgufWriter w, int size) {
        List<String> tokens = new ArrayList<>(size);
        List<Float> scores = new ArrayList<>(size);
        List<Integer> types = new ArrayList<>(size);
        tokens.add("<unk>");
        tokens.add("<s>");
        tokens.add("</s>");
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
        }
        while (tokens.size() < size) {
            tokens.add("\u2581t" + tokens.size());
        }
        for (int i = 0; i < size; i++) {
            scores.add(-(float) i);
            // llama_token_type: 1 normal, 2 unknown, 3 control, 6 byte
            types.add(i == 0 ? 2 : i < 3 ? 3 : i < 259 ? 6 : 1);
        }
        w.string("tokenizer.ggml.model", "llama")
                .array("tokenizer.ggml.tokens", GgufValueType.STRING, tokens)
                .array("tokenizer.ggml.scores", GgufValueType.FLOAT32, scores)
                .array("tokenizer.ggml.token_type", GgufValueType.INT32, types)
                .u32("tokenizer.ggml.unknown_token_id", 0)
                .u32("tokenizer.ggml.bos_token_id", 1)
                .u32("tokenizer.ggml.eos_token_id", 2);
    }
}
