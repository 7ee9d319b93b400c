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
}
