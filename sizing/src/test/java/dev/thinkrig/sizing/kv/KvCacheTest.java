package dev.thinkrig.sizing.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.Shapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KvCacheTest {

    // R1-Distill-Qwen-32B: 64 layers x 8 KV heads x 128 head dim x 2 (K,V) x 2 bytes = 256 KiB per token
    @ParameterizedTest
    @CsvSource({"16384, F16, 4294967296", "16384, Q8_0, 2281701376", "16384, Q4_0, 1207959552", "1, FP8, 131072"})
    void kvCache_qwen32b(int tokens, KvCacheType type, long bytes) {
        assertThat(KvCache.bytes(Shapes.QWEN_32B, type, tokens).bytes()).isEqualTo(bytes);
    }

    @Test
    void perToken_llama70b_matchesOllamaLog() {
        // Ollama reported 19.5 GiB of KV for an 80-layer 70B model at 64,000 context (sizing-facts.md):
        // 2 x 80 x 8 x 128 x 2 B = 327,680 B per token x 64,000 = 19.53 GiB
        assertThat(KvCache.bytes(Shapes.LLAMA_70B, KvCacheType.F16, 64_000).gib())
                .isBetween(19.5, 19.6);
    }

    @Test
    void deepseekR1_expanded_matchesLmStudioLog() {
        // LM Studio (llama.cpp without MLA) loading R1 671B at 16,384 context logged 78,080 MiB of f16 KV
        // (sizing-facts.md): 61 layers x (128 heads x 192 key + 128 heads x 128 value) x 2 bytes = 4,997,120 B/token
        DataSize perToken = KvCache.bytesPerToken(Shapes.DEEPSEEK_R1, KvCacheType.F16, KvCache.KvFormat.EXPANDED);
        assertThat(perToken.bytes()).isEqualTo(4_997_120);
        assertThat(perToken.times(16_384).bytes()).isEqualTo(78_080L * DataSize.MIB);
    }

    @Test
    void deepseekR1_latent_isWhatVllmStores() {
        // vLLM's MLA cache: (512 + 64) x 61 layers x 2 bytes = 70,272 B per token (sizing-facts.md), 71x less
        assertThat(KvCache.bytesPerToken(Shapes.DEEPSEEK_R1, KvCacheType.BF16, KvCache.KvFormat.LATENT)
                        .bytes())
                .isEqualTo(70_272);
    }

    @Test
    void deepseekR1_latentQ8_matchesIkLlamaCppLog() {
        // ik_llama.cpp PR #259 (ubergarm): "KV self size = 1166.62 MiB, c^KV (q8_0): 1166.62 MiB" at n_ctx 32768;
        // 576 / 32 x 34 bytes x 61 layers x 32,768 tokens
        DataSize kv = KvCache.bytesPerToken(Shapes.DEEPSEEK_R1, KvCacheType.Q8_0, KvCache.KvFormat.LATENT)
                .times(32_768);
        assertThat(kv.bytes() / (double) DataSize.MIB).isCloseTo(1166.62, within(0.005));
    }

    @Test
    void gptOss20b_onlyFullLayersGrow_matchesLlamaCppLog() {
        // llama.cpp at n_ctx 131072 (docs/calibration.md L4): "3072.00 MiB non-SWA + 18.00 MiB SWA" (768 SWA cells):
        // 12 full layers x 131,072 x 2 x 8 x 64 x 2 B, and 12 sliding layers x 768 cells x 2,048 B
        KvCache.KvFormat any = KvCache.KvFormat.LATENT;
        assertThat(KvCache.bytesPerToken(Shapes.GPT_OSS_20B, KvCacheType.F16, any)
                        .times(131_072)
                        .bytes())
                .isEqualTo(3072L * DataSize.MIB);
        assertThat(KvCache.slidingBytesPerCell(Shapes.GPT_OSS_20B, KvCacheType.F16, any)
                        .times(768)
                        .bytes())
                .isEqualTo(18L * DataSize.MIB);
    }

    @Test
    void qwen3_235b_matchesLlamaCppLog() {
        // llama.cpp log of Qwen3-235B-A22B at 4,096 context: 752.00 MiB f16 (docs/calibration.md L3)
        assertThat(KvCache.bytes(Shapes.QWEN3_235B_A22B, KvCacheType.F16, 4096).bytes())
                .isEqualTo(752L * DataSize.MIB);
    }
}
