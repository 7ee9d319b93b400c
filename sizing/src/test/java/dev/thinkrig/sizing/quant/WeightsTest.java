package dev.thinkrig.sizing.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.Shapes;
import dev.thinkrig.sizing.model.ModelShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeightsTest {

    private static double mib(DataSize s) {
        return s.bytes() / (double) DataSize.MIB;
    }

    @Test
    void parameterCount_qwen32b_matchesHandCount() {
        // embeddings 152064 x 5120 twice (untied) = 1,557,135,360
        // per layer: q 5120x5120 + k,v 5120x1024 each + o 5120x5120 + gate,up,down 5120x27648 each
        //   + q/k/v biases 5120+1024+1024 + two norms 2 x 5120 = 487,605,248; x 64 = 31,206,735,872
        // final norm 5120 -> 32,763,876,352
        assertThat(Shapes.QWEN_32B.parameterCount()).isEqualTo(32_763_876_352L);
    }

    @Test
    void q4KM_qwen32b_reproducesLlamaCppBuffers() {
        // llama.cpp load log, R1-Distill-Qwen-32B Q4_K_M, all 65 layers offloaded (shared/reference/sizing-facts.md):
        // "CUDA0 model buffer size = 18508.35 MiB", "CPU_Mapped model buffer size = 417.66 MiB"
        WeightBreakdown w = Weights.of(Shapes.QWEN_32B, Quantization.Q4_K_M, WeightFormat.GGUF);
        assertThat(mib(w.withoutTokenEmbedding())).isCloseTo(18508.35, within(0.005));
        assertThat(mib(w.tokenEmbedding())).isCloseTo(417.66, within(0.005));
    }

    @ParameterizedTest(name = "{0}: {1} GiB")
    @CsvSource({
        // llama.cpp tools/quantize/quantize.cpp QUANT_OPTIONS sizes for Llama-3-8B (G = GiB); the file also holds
        // ~10 MB of tokenizer metadata, hence the 1% tolerance
        "Q2_K, 2.96",
        "Q3_K_M, 3.74",
        "Q4_0, 4.34",
        "Q4_K_S, 4.37",
        "Q4_K_M, 4.58",
        "Q5_K_S, 5.21",
        "Q5_K_M, 5.33",
        "Q6_K, 6.14",
        "Q8_0, 7.96"
    })
    void ggufMixes_llama3_8b_matchQuantizeTable(Quantization q, double gib) {
        double ours = Weights.of(Shapes.LLAMA_8B, q, WeightFormat.GGUF).total().gib();
        assertThat(ours).isCloseTo(gib, within(gib * 0.01));
    }

    @ParameterizedTest
    @CsvSource({
        // gguf-parser's bits per weight for whole Q4_K_M files (shared/reference/sizing-facts.md)
        "LLAMA_70B, 4.82",
        "QWEN_7B, 4.91"
    })
    void q4KM_bitsPerWeight_matchGgufParser(String shape, double bpw) throws ReflectiveOperationException {
        ModelShape s = (ModelShape) Shapes.class.getField(shape).get(null);
        assertThat(Weights.of(s, Quantization.Q4_K_M, WeightFormat.GGUF).bitsPerWeight())
                .isCloseTo(bpw, within(0.01));
    }

    @Test
    void q8_0_qwen32b_isMatricesAt34BytesPer32PlusF32Vectors() {
        // vectors: 64 x (norms 2 x 5120 + biases 5120 + 1024 + 1024) + final norm 5120 = 1,119,232 elements at 4 B
        long vectors = 64L * (2 * 5120 + 5120 + 1024 + 1024) + 5120;
        long matrices = 32_763_876_352L - vectors;
        long expected = matrices / 32 * 34 + vectors * 4;
        assertThat(Weights.of(Shapes.QWEN_32B, Quantization.Q8_0, WeightFormat.GGUF)
                        .total()
                        .bytes())
                .isEqualTo(expected);
    }

    @Test
    void awq_keepsEmbeddingsAndHeadAt16Bit() {
        WeightBreakdown w = Weights.of(Shapes.QWEN_7B, Quantization.AWQ, WeightFormat.SAFETENSORS);
        assertThat(w.tokenEmbedding().bytes()).isEqualTo(152064L * 3584 * 2);
        assertThat(w.output().bytes()).isEqualTo(152064L * 3584 * 2);
        // block linears at 133 bytes per 256 weights (4.15625 bits)
        long mlpPerLayer = 3L * 3584 * 18944 * 133 / 256;
        assertThat(w.perLayer().get(0).bytes()).isGreaterThan(mlpPerLayer);
    }

    @Test
    void bf16_safetensors_isTwoBytesPerParameter() {
        assertThat(Weights.of(Shapes.LLAMA_8B, Quantization.BF16, WeightFormat.SAFETENSORS)
                        .total()
                        .bytes())
                .isEqualTo(Shapes.LLAMA_8B.parameterCount() * 2);
    }

    @Test
    void rowsThatDoNotSplitIntoSuperBlocks_fallBack() {
        // gpt-oss rows are 2880 wide, not a multiple of 256: llama.cpp stores would-be Q4_K tensors as Q5_0
        ModelShape odd = new ModelShape(
                dev.thinkrig.sizing.model.Architecture.LLAMA,
                2,
                2880,
                5760,
                64,
                8,
                64,
                201088,
                4096,
                false,
                false,
                false);
        var t = odd.tensors().stream()
                .filter(x -> x.name().equals("blk.1.ffn_gate.weight"))
                .findFirst()
                .orElseThrow();
        assertThat(Quantization.Q4_K_M.typeFor(t, odd, WeightFormat.GGUF)).isEqualTo(TensorType.Q5_0);
    }

    @Test
    void useMoreBits_followsLlamaCpp() {
        // 32 layers: first 4, last 4, and every third in between starting at layer 6
        assertThat(Quantization.useMoreBits(0, 32)).isTrue();
        assertThat(Quantization.useMoreBits(4, 32)).isFalse();
        assertThat(Quantization.useMoreBits(6, 32)).isTrue();
        assertThat(Quantization.useMoreBits(28, 32)).isTrue();
    }

    @ParameterizedTest(name = "{0} {1}: {2} GiB")
    @CsvSource({
        // llama-bench "size" column (GiB) of the files benchmarked on DGX Spark, ggml-org/llama.cpp
        // benches/dgx-spark.md (docs/calibration.md rows 30-32), and of Qwen3-30B-A3B Q4_K_M on an M3 Ultra (row 12)
        "GPT_OSS_20B, MXFP4, 11.27, 0.005",
        "GPT_OSS_120B, MXFP4, 59.02, 0.005",
        "QWEN3_30B_A3B, Q8_0, 30.25, 0.005",
        "QWEN3_30B_A3B, Q4_K_M, 17.34, 0.01",
        // gguf-parser on DeepSeek-V3 Q4_K_M at -c 1 (weights only): 376.57 GiB (gpustack/gguf-parser-go#8)
        "DEEPSEEK_R1, Q4_K_M, 376.57, 0.005"
    })
    void moeFiles_matchPublishedSizes(String shape, Quantization q, double gib, double tolerance)
            throws ReflectiveOperationException {
        ModelShape s = (ModelShape) Shapes.class.getField(shape).get(null);
        assertThat(Weights.of(s, q, WeightFormat.GGUF).total().gib()).isCloseTo(gib, within(gib * tolerance));
    }

    @Test
    void mxfp4Moe_gguf_expertsMxfp4_restQ8_0() {
        // llama-quant.cpp, LLAMA_FTYPE_MOSTLY_MXFP4_MOE: "MoE tensors -> MXFP4, other tensors -> Q8_0"
        ModelShape s = Shapes.GPT_OSS_20B;
        var experts = s.tensors().stream()
                .filter(t -> t.name().equals("blk.0.ffn_down_exps.weight"))
                .findFirst()
                .orElseThrow();
        var attention = s.tensors().stream()
                .filter(t -> t.name().equals("blk.0.attn_q.weight"))
                .findFirst()
                .orElseThrow();
        assertThat(Quantization.MXFP4.typeFor(experts, s, WeightFormat.GGUF)).isEqualTo(TensorType.MXFP4);
        assertThat(Quantization.MXFP4.typeFor(attention, s, WeightFormat.GGUF)).isEqualTo(TensorType.Q8_0);
        // vLLM loads the checkpoint as published: attention BF16 (quantization_config.modules_to_not_convert)
        assertThat(Quantization.MXFP4.typeFor(attention, s, WeightFormat.SAFETENSORS))
                .isEqualTo(TensorType.BF16);
    }

    @Test
    void eightExperts_attnVAndK_raisedToQ8_0() {
        // llama-quant.cpp: "for the 8-expert model, bumping this to Q8_0 trades just ~128MB" (attn_v and attn_k)
        ModelShape mixtralLike = new ModelShape(
                dev.thinkrig.sizing.model.Architecture.QWEN3MOE,
                32,
                4096,
                14336,
                32,
                8,
                128,
                32000,
                32768,
                false,
                false,
                true,
                java.util.Optional.of(new dev.thinkrig.sizing.model.Experts(8, 2, 14336, 0, 0)),
                java.util.Optional.empty(),
                java.util.Optional.empty());
        var v = mixtralLike.tensors().stream()
                .filter(t -> t.name().equals("blk.5.attn_v.weight"))
                .findFirst()
                .orElseThrow();
        var o = mixtralLike.tensors().stream()
                .filter(t -> t.name().equals("blk.5.attn_output.weight"))
                .findFirst()
                .orElseThrow();
        assertThat(Quantization.Q4_K_M.typeFor(v, mixtralLike, WeightFormat.GGUF))
                .isEqualTo(TensorType.Q8_0);
        assertThat(Quantization.Q4_K_M.typeFor(o, mixtralLike, WeightFormat.GGUF))
                .isEqualTo(TensorType.Q5_K);
    }

    @Test
    void moe_readPerToken_isActiveExpertsOnly() {
        // Qwen3-30B-A3B Q8_0: 8 of 128 experts per token, so a token reads about a tenth of the 30.25 GiB file
        WeightBreakdown w = Weights.of(Shapes.QWEN3_30B_A3B, Quantization.Q8_0, WeightFormat.GGUF);
        double routed = w.routedExperts().bytes();
        assertThat(w.bytesReadPerToken())
                .isCloseTo(w.withoutTokenEmbedding().bytes() - routed * 120 / 128, within(1.0));
        assertThat(w.bytesReadPerToken() / w.total().bytes()).isBetween(0.09, 0.11);
    }
}
