package dev.thinkrig.profiles.gguf;

import static dev.thinkrig.profiles.gguf.GgufModelReaderTest.catalogShape;
import static dev.thinkrig.profiles.gguf.GgufModelReaderTest.summarizeInMemory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.modelfile.ModelFile;
import dev.thinkrig.profiles.safetensors.HfArchitecturesTest;
import dev.thinkrig.sizing.kv.KvCache;
import dev.thinkrig.sizing.kv.KvCache.KvFormat;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.model.LatentAttention;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.SlidingWindow;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightFormat;
import dev.thinkrig.sizing.quant.Weights;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GGUF metadata of the mixture-of-experts, latent-attention and sliding-window families (llama.cpp's
 * {@code <arch>.expert_count}, {@code .attention.kv_lora_rank}, {@code .attention.sliding_window} and kin, as
 * convert_hf_to_gguf.py writes them) read back into the catalog's shape, with tensor bytes from the headers.
 */
class GgufArchitecturesTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // llama.cpp file type ids (include/llama.h llama_ftype): 15 Q4_K_M, 7 Q8_0, 38 MXFP4_MOE
        "qwen3-30b-a3b, Q4_K_M, 15, qwen3moe",
        "qwen3-235b-a22b, Q4_K_M, 15, qwen3moe",
        "deepseek-r1, Q4_K_M, 15, deepseek2",
        "gpt-oss-20b, MXFP4, 38, gpt-oss",
        "gpt-oss-120b, MXFP4, 38, gpt-oss",
        // Magistral is converted as llama (its GGUF general.architecture)
        "magistral-small-2506, Q8_0, 7, llama"
    })
    void catalogModel_writtenAsGguf_readsBackAsTheCatalogShape(
            String id, Quantization quant, int fileType, String arch) {
        ModelShape shape = catalogShape(id);
        // the whole vocabulary as tokenizer.ggml.tokens, which the reader counts before any vocab_size key
        GgufWriter file = GgufWriter.model(shape, quant, fileType, (int) shape.vocabSize());

        ModelFile m = summarizeInMemory(file, id + ".gguf");

        assertThat(m.shape().architecture().id()).isEqualTo(arch);
        assertThat(m.shape()).isEqualTo(shape);
        assertThat(m.quantization()).contains(quant);
        // the header bytes (llama.cpp's mix, typed tensor by tensor) equal sizing's, experts and active share included
        assertThat(m.weights()).isEqualTo(Weights.of(shape, quant, WeightFormat.GGUF));
        assertThat(m.tensors()).hasSize(shape.tensors().size());
    }

    /**
     * The metadata of unsloth's DeepSeek-R1 GGUF after llama.cpp's MLA rework, as its load log prints it (a llama.cpp
     * log in the code index: q_lora_rank 1536, kv_lora_rank 512, key_length 576, value_length 512, key_length_mla 192,
     * value_length_mla 128, expert_feed_forward_length 2048, expert_count 256): the latent goes in key_length, the
     * per-head sizes in the _mla keys, and head_count_kv is 1.
     */
    @Test
    void deepseek2_mlaConvertedKeys_giveTheSameShape() {
        ModelShape r1 = catalogShape("deepseek-r1");
        GgufWriter w = new GgufWriter()
                .string("general.architecture", "deepseek2")
                .u32("deepseek2.block_count", 61)
                .u32("deepseek2.context_length", 163_840)
                .u32("deepseek2.embedding_length", 7168)
                .u32("deepseek2.feed_forward_length", 18_432)
                .u32("deepseek2.attention.head_count", 128)
                .u32("deepseek2.attention.head_count_kv", 1)
                .u32("deepseek2.leading_dense_block_count", 3)
                .u32("deepseek2.vocab_size", 129_280)
                .u32("deepseek2.attention.q_lora_rank", 1536)
                .u32("deepseek2.attention.kv_lora_rank", 512)
                .u32("deepseek2.attention.key_length", 576)
                .u32("deepseek2.attention.value_length", 512)
                .u32("deepseek2.attention.key_length_mla", 192)
                .u32("deepseek2.attention.value_length_mla", 128)
                .u32("deepseek2.expert_feed_forward_length", 2048)
                .u32("deepseek2.expert_count", 256)
                .u32("deepseek2.expert_shared_count", 1)
                .u32("deepseek2.expert_used_count", 8)
                .u32("deepseek2.rope.dimension_count", 64)
                .u32("general.file_type", 15);
        for (var t : r1.tensors()) {
            GgmlType type = GgmlType.valueOf(
                    Quantization.Q4_K_M.typeFor(t, r1, WeightFormat.GGUF).name());
            if (t.rows() == 1) {
                w.tensor(t.name(), type, t.rowLength());
            } else {
                w.tensor(t.name(), type, t.rowLength(), t.rows());
            }
        }

        ModelFile m = summarizeInMemory(w, "DeepSeek-R1-Q4_K_M-00001-of-00009.gguf");

        assertThat(m.shape().latentAttention()).contains(new LatentAttention(1536, 512, 128, 64, 128));
        assertThat(m.shape()).isEqualTo(r1);
        // 61 layers x 576 x 2 bytes: llama.cpp's MLA cache
        assertThat(KvCache.bytesPerToken(m.shape(), KvCacheType.F16, KvFormat.LATENT)
                        .bytes())
                .isEqualTo(70_272);
    }

    @Test
    void gptOss_slidingWindowKey_givesPeriodTwo() {
        ModelShape shape = catalogShape("gpt-oss-20b");
        ModelFile m = summarizeInMemory(GgufWriter.model(shape, Quantization.MXFP4, 38, 201_088), "gpt-oss-20b.gguf");
        assertThat(m.shape().slidingWindow()).contains(new SlidingWindow(128, 2));
        // llama.cpp's log for this file: 12 full-attention layers (docs/calibration.md L4)
        assertThat(m.shape().fullAttentionLayers()).isEqualTo(12);
        assertThat(m.weights().activeExpertShare()).isEqualTo(4.0 / 32);
    }

    @Test
    void gemma3_slidingWindowKey_givesLlamaCppsFixedPeriodSix() {
        // google/gemma-3-1b-it as convert_hf_to_gguf.py writes it: gemma3.attention.sliding_window 512, no pattern key
        ModelShape gemma = HfArchitecturesTest.GEMMA3_1B;
        ModelFile m = summarizeInMemory(GgufWriter.model(gemma, Quantization.Q8_0, 7, 262_144), "gemma-3-1b-it.gguf");

        assertThat(m.shape()).isEqualTo(gemma);
        assertThat(m.shape().fullAttentionLayers()).isEqualTo(4);
        assertThat(m.weights()).isEqualTo(Weights.of(gemma, Quantization.Q8_0, WeightFormat.GGUF));
        assertThat(m.tensors())
                .extracting(t -> t.name())
                .contains("blk.0.post_attention_norm.weight", "blk.0.post_ffw_norm.weight");
    }

    @Test
    void slidingWindowArchitecture_withoutTheWindowKey_namesIt() {
        ModelShape shape = catalogShape("gpt-oss-20b");
        GgufWriter w = GgufWriter.model(
                new ModelShape(
                        shape.architecture(),
                        shape.layers(),
                        shape.hiddenSize(),
                        shape.intermediateSize(),
                        shape.attentionHeads(),
                        shape.kvHeads(),
                        shape.headDim(),
                        shape.vocabSize(),
                        shape.maxContextTokens(),
                        false,
                        true,
                        false,
                        shape.experts(),
                        Optional.empty(),
                        Optional.empty()),
                Quantization.MXFP4,
                38,
                1000);
        assertThatThrownBy(() -> summarizeInMemory(w, "g.gguf"))
                .isInstanceOf(ModelFileException.class)
                .hasMessage("g.gguf: no gpt-oss.attention.sliding_window in the metadata");
    }

    @Test
    void moeArchitecture_withoutExpertKeys_refusedNotReadAsDense() {
        GgufWriter noExperts = new GgufWriter()
                .string("general.architecture", "qwen3moe")
                .u32("qwen3moe.block_count", 2)
                .u32("qwen3moe.embedding_length", 256)
                .u32("qwen3moe.feed_forward_length", 512)
                .u32("qwen3moe.attention.head_count", 4)
                .u32("qwen3moe.context_length", 4096)
                .u32("qwen3moe.vocab_size", 1000);
        assertThatThrownBy(() -> summarizeInMemory(noExperts, "q.gguf"))
                .hasMessage("q.gguf: architecture qwen3moe needs an experts section");
    }

    @Test
    void readableArchitectures_areListedInErrors() {
        assertThat(List.copyOf(GgufModelReader.READABLE.keySet()))
                .containsExactly("llama", "qwen2", "qwen3", "qwen3moe", "deepseek2", "gpt-oss", "gemma3", "phi3");
    }

    @Test
    void phi3_fusedProjections_giveTheCatalogShapeAndWeights() {
        // phi-4-reasoning as llama.cpp's converter writes it: attn_qkv and a gate-up ffn_up of 2 x n_ff
        ModelShape phi = catalogShape("phi-4-reasoning");
        ModelFile m = summarizeInMemory(GgufWriter.model(phi, Quantization.Q4_K_M, 15, 100_352), "phi-4.gguf");

        assertThat(m.shape()).isEqualTo(phi);
        assertThat(m.weights()).isEqualTo(Weights.of(phi, Quantization.Q4_K_M, WeightFormat.GGUF));
        assertThat(m.tensors()).extracting(t -> t.name()).contains("blk.0.attn_qkv.weight");
    }
}
