package dev.thinkrig.profiles.safetensors;

import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.Experts;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.Tensor;
import dev.thinkrig.sizing.model.TensorRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tensors a Hugging Face checkpoint of a shape holds, with transformers' names (convert_hf_to_gguf.py's mapping,
 * reversed) and the storage each release uses, for the reader tests. Names per family: modeling_qwen3_moe.py
 * ({@code mlp.gate}, {@code mlp.experts.N.*_proj}), DeepSeek-V3's modeling_deepseek.py ({@code q_a_proj},
 * {@code kv_a_proj_with_mqa}, {@code kv_b_proj}, {@code mlp.shared_experts}, {@code mlp.gate.e_score_correction_bias}),
 * modeling_gpt_oss.py ({@code mlp.router}, fused {@code mlp.experts.gate_up_proj_blocks} / {@code _scales} /
 * {@code _bias}, {@code self_attn.sinks}), modeling_gemma3.py ({@code pre_feedforward_layernorm},
 * {@code post_feedforward_layernorm}).
 */
public final class HfCheckpoint {

    /** How a release stores its tensors. */
    public enum Storage {
        /** Every tensor BF16. */
        BF16,
        /**
         * DeepSeek-V3/R1: block linears (experts included, router excluded) F8_E4M3 with an F32
         * {@code weight_scale_inv} per 128 x 128 block; embeddings, lm_head, router and norms BF16, the router bias F32.
         */
        FP8_BLOCK,
        /**
         * gpt-oss: routed experts in MXFP4 (U8 blocks of 16 bytes per 32 weights, one U8 E8M0 scale per 32), everything
         * else BF16.
         */
        MXFP4
    }

    /** DeepSeek-V3's FP8 block (config quantization_config.weight_block_size [128, 128]). */
    static final long FP8_BLOCK = 128;

    /** OCP MX block: 32 weights share one scale. */
    static final long MX_BLOCK = 32;

    private static final Map<String, String> LAYER_NAMES = Map.ofEntries(
            Map.entry("attn_norm", "input_layernorm"),
            Map.entry("attn_q", "self_attn.q_proj"),
            Map.entry("attn_k", "self_attn.k_proj"),
            Map.entry("attn_v", "self_attn.v_proj"),
            Map.entry("attn_output", "self_attn.o_proj"),
            Map.entry("attn_q_norm", "self_attn.q_norm"),
            Map.entry("attn_k_norm", "self_attn.k_norm"),
            Map.entry("attn_sinks", "self_attn.sinks"),
            Map.entry("attn_q_a", "self_attn.q_a_proj"),
            Map.entry("attn_q_a_norm", "self_attn.q_a_layernorm"),
            Map.entry("attn_q_b", "self_attn.q_b_proj"),
            Map.entry("attn_kv_a_mqa", "self_attn.kv_a_proj_with_mqa"),
            Map.entry("attn_kv_a_norm", "self_attn.kv_a_layernorm"),
            Map.entry("attn_kv_b", "self_attn.kv_b_proj"),
            Map.entry("ffn_gate", "mlp.gate_proj"),
            Map.entry("ffn_up", "mlp.up_proj"),
            Map.entry("ffn_down", "mlp.down_proj"),
            Map.entry("ffn_gate_shexp", "mlp.shared_experts.gate_proj"),
            Map.entry("ffn_up_shexp", "mlp.shared_experts.up_proj"),
            Map.entry("ffn_down_shexp", "mlp.shared_experts.down_proj"),
            Map.entry("exp_probs_b", "mlp.gate.e_score_correction_bias"));

    private HfCheckpoint() {}

    /**
     * Every tensor of {@code shape} as a checkpoint stores it, the decoder under {@code prefix} ({@code model.}, or
     * {@code language_model.model.} in a multimodal wrapper), the lm head named {@code lmHead}.
     */
    public static List<Object[]> tensors(ModelShape shape, Storage storage, String prefix, String lmHead) {
        List<Object[]> out = new ArrayList<>();
        for (Tensor t : shape.tensors()) {
            String n = t.name();
            if (n.equals("token_embd.weight")) {
                out.add(entry(prefix + "embed_tokens.weight", SafetensorsDtype.BF16, t.rows(), t.rowLength()));
                continue;
            } else if (n.equals("output.weight")) {
                out.add(entry(lmHead, SafetensorsDtype.BF16, t.rows(), t.rowLength()));
                continue;
            } else if (n.equals("output_norm.weight")) {
                out.add(entry(prefix + "norm.weight", SafetensorsDtype.BF16, t.rowLength()));
                continue;
            }
            String block = prefix + "layers." + t.layer() + ".";
            String rest = n.substring(n.indexOf('.', 4) + 1);
            String kind = rest.substring(0, rest.indexOf('.'));
            String suffix = rest.substring(rest.indexOf('.'));
            if (t.role().isRoutedExpert() || (kind.endsWith("_exps") && suffix.equals(".bias"))) {
                experts(out, shape, t, kind, suffix, block, storage);
                continue;
            }
            String hf;
            if (kind.equals("ffn_gate_inp")) {
                hf = shape.architecture() == Architecture.GPT_OSS ? "mlp.router" : "mlp.gate";
            } else if (kind.equals("ffn_norm")) {
                hf = shape.architecture() == Architecture.GEMMA3
                        ? "pre_feedforward_layernorm"
                        : "post_attention_layernorm";
            } else if (kind.equals("post_attention_norm")) {
                hf = "post_attention_layernorm";
            } else if (kind.equals("post_ffw_norm")) {
                hf = "post_feedforward_layernorm";
            } else {
                hf = LAYER_NAMES.get(kind);
            }
            if (hf == null) {
                throw new IllegalArgumentException("no Hugging Face name for " + n);
            }
            String name = block + hf + (kind.equals("attn_sinks") || kind.equals("exp_probs_b") ? "" : suffix);
            if (t.role() == TensorRole.VECTOR) {
                SafetensorsDtype dtype = kind.equals("exp_probs_b") ? SafetensorsDtype.F32 : SafetensorsDtype.BF16;
                out.add(entry(name, dtype, t.rowLength()));
            } else {
                linear(
                        out,
                        name,
                        t.rows(),
                        t.rowLength(),
                        storage == Storage.FP8_BLOCK && t.role() != TensorRole.FFN_ROUTER);
            }
        }
        return out;
    }

    private static void experts(
            List<Object[]> out, ModelShape shape, Tensor t, String kind, String suffix, String block, Storage storage) {
        Experts e = shape.experts().orElseThrow();
        long hidden = shape.hiddenSize();
        long ff = e.ffnSize();
        if (storage == Storage.MXFP4) {
            // gpt-oss fuses gate and up: [experts, 2 x ff, ...]; the up tensor is written with the gate one
            if (kind.equals("ffn_up_exps")) {
                return;
            }
            boolean down = kind.equals("ffn_down_exps");
            String base = block + "mlp.experts." + (down ? "down_proj" : "gate_up_proj");
            long outDim = down ? hidden : 2 * ff;
            long inDim = down ? ff : hidden;
            if (suffix.equals(".bias")) {
                out.add(entry(base + "_bias", SafetensorsDtype.BF16, e.count(), outDim));
            } else {
                out.add(entry(base + "_blocks", SafetensorsDtype.U8, e.count(), outDim, inDim / MX_BLOCK, 16));
                out.add(entry(base + "_scales", SafetensorsDtype.U8, e.count(), outDim, inDim / MX_BLOCK));
            }
            return;
        }
        String proj = kind.replace("ffn_", "").replace("_exps", "_proj");
        for (int x = 0; x < e.count(); x++) {
            String name = block + "mlp.experts." + x + "." + proj + ".weight";
            boolean down = kind.equals("ffn_down_exps");
            linear(out, name, down ? hidden : ff, down ? ff : hidden, storage == Storage.FP8_BLOCK);
        }
    }

    private static void linear(List<Object[]> out, String name, long outDim, long inDim, boolean fp8) {
        if (fp8) {
            out.add(entry(name, SafetensorsDtype.F8_E4M3, outDim, inDim));
            String scale = name.substring(0, name.length() - ".weight".length()) + ".weight_scale_inv";
            out.add(entry(
                    scale,
                    SafetensorsDtype.F32,
                    (outDim + FP8_BLOCK - 1) / FP8_BLOCK,
                    (inDim + FP8_BLOCK - 1) / FP8_BLOCK));
        } else {
            out.add(entry(name, SafetensorsDtype.BF16, outDim, inDim));
        }
    }

    private static Object[] entry(String name, SafetensorsDtype dtype, long... dims) {
        return new Object[] {name, dtype, dims};
    }
}
