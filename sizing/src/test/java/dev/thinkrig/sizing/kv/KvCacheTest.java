package dev.thinkrig.sizing.kv;

import static org.assertj.core.api.Assertions.assertThat;

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
}
