package dev.thinkrig.sizing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.Shapes;
import dev.thinkrig.sizing.kv.KvCache;
import dev.thinkrig.sizing.kv.KvCacheType;
import org.junit.jupiter.api.Test;

class LlamaCppMemoryTest {

    @Test
    void ollamaGptOss120b_kvAndGraph_matchOllamaLog() {
        // Ollama msg=offload for gpt-oss-120b at num_ctx 8192, parallel 1 (docs/calibration.md O6):
        // kv 450.0 MiB, graph 122.0 MiB (flash attention)
        var shape = Shapes.GPT_OSS_120B;
        DataSize full = KvCache.bytesPerToken(shape, KvCacheType.F16, LlamaCppMemory.KV_FORMAT)
                .times(8192);
        DataSize sliding = KvCache.slidingBytesPerCell(shape, KvCacheType.F16, LlamaCppMemory.KV_FORMAT)
                .times(LlamaCppMemory.ollamaSlidingCells(1));
        DataSize kv = full.plus(sliding);
        assertThat(kv.bytes()).isEqualTo(450L * DataSize.MIB);
        assertThat(LlamaCppMemory.computeBuffer(shape, 8192, true, kv, 1)).isEqualTo(DataSize.ofMiB(122));
    }

    @Test
    void ollamaDeepseek_keepsTheExpandedCache() {
        // regression guard: a latent cache under Ollama would promise 71x more context than its GGUFs allow
        assertThat(KvCache.bytesPerToken(Shapes.DEEPSEEK_R1, KvCacheType.F16, LlamaCppMemory.KV_FORMAT)
                        .bytes())
                .isEqualTo(4_997_120);
    }
}
