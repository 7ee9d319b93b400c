package dev.thinkrig.sizing.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.sizing.Shapes;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelShapeTest {

    @ParameterizedTest(name = "{0}: {1} total, {2} active")
    @CsvSource({
        // totals: the Hugging Face safetensors counts (DeepSeek: without the 14B multi-token-prediction layer);
        // active: every tensor but the routed experts a token is not sent to
        "QWEN3_30B_A3B, 30532122624, 3353032704", // card: 30.5B total, 3.3B activated
        "QWEN3_235B_A22B, 235093634560, 22190763520", // card: 235B, 22B activated
        "GPT_OSS_20B, 20914757184, 4193246784", // OpenAI: 20.91B, 3.61B active + 0.58B input embedding
        "GPT_OSS_120B, 116829156672, 5750551872", // OpenAI: 116.83B, 5.13B active + 0.58B input embedding
        "DEEPSEEK_R1, 671026419200, 37552297472" // DeepSeek-V3 report: 671B total, 37B activated
    })
    void parameters_moeModels_matchPublishedCounts(String name, long total, long active)
            throws ReflectiveOperationException {
        ModelShape s = (ModelShape) Shapes.class.getField(name).get(null);
        assertThat(s.parameterCount()).isEqualTo(total);
        assertThat(s.activeParameterCount()).isEqualTo(active);
    }

    @Test
    void slidingWindow_gptOss_halfTheLayersGrowWithContext() {
        // config.json layer_types: sliding_attention first, then full_attention, alternating
        assertThat(Shapes.GPT_OSS_20B.fullAttentionLayers()).isEqualTo(12);
        assertThat(Shapes.GPT_OSS_20B.isFullAttention(0)).isFalse();
        assertThat(Shapes.GPT_OSS_20B.isFullAttention(1)).isTrue();
        assertThat(Shapes.QWEN_32B.fullAttentionLayers()).isEqualTo(64);
    }

    @Test
    void deepseek_leadingDenseLayers_haveNoExperts() {
        assertThat(Shapes.DEEPSEEK_R1.isMoeLayer(2)).isFalse();
        assertThat(Shapes.DEEPSEEK_R1.isMoeLayer(3)).isTrue();
        assertThat(Shapes.DEEPSEEK_R1.tensors())
                .filteredOn(t -> t.layer() == 0)
                .extracting(Tensor::name)
                .contains("blk.0.ffn_down.weight", "blk.0.attn_kv_b.weight")
                .doesNotContain("blk.0.ffn_down_exps.weight");
    }

    @Test
    void moeArchitecture_withoutExperts_failsLoudly() {
        assertThatThrownBy(() -> new ModelShape(
                        Architecture.QWEN3MOE, 48, 2048, 6144, 32, 4, 128, 151936, 131072, false, false, true))
                .hasMessageContaining("qwen3moe needs an experts section");
        assertThatThrownBy(() -> new ModelShape(
                        Architecture.QWEN3,
                        36,
                        4096,
                        12288,
                        32,
                        8,
                        128,
                        151936,
                        131072,
                        false,
                        false,
                        true,
                        Optional.of(new Experts(8, 2, 1024, 0, 0)),
                        Optional.empty(),
                        Optional.empty()))
                .hasMessageContaining("has no experts");
    }

    @Test
    void unknownArchitecture_listsTheKnownOnes() {
        assertThatThrownBy(() -> Architecture.fromId("mamba"))
                .hasMessage(
                        "unknown architecture 'mamba' (known: llama, qwen2, qwen3, qwen3moe, gpt-oss, deepseek2, gemma3, phi3)");
    }

    @Test
    void experts_batchShare_growsWithSequences() {
        Experts qwen = new Experts(128, 8, 768, 0, 0);
        assertThat(qwen.batchShare(1)).isEqualTo(0.0625);
        // 1 - (120/128)^8 = 0.4033
        assertThat(qwen.batchShare(8)).isBetween(0.403, 0.404);
    }
}
