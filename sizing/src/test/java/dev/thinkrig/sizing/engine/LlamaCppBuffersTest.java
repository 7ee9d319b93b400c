package dev.thinkrig.sizing.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.kv.KvCache;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.Experts;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.SlidingWindow;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * llama.cpp's own buffers against what llama.cpp v0.4.0 printed for the same setups (cli's LlamaCppEngineIT; the
 * logs quoted are profiles' enginelogs fixtures or the IT's output).
 */
class LlamaCppBuffersTest {

    /** R1-Distill-Qwen-1.5B (qwen2). */
    private static final ModelShape QWEN2_1_5B =
            new ModelShape(Architecture.QWEN2, 28, 1536, 8960, 12, 2, 128, 151_936, 131_072, false, true, false);

    /** gpt-oss-20b's layer shape, 4 layers (2 full, 2 sliding with a 128-token window). */
    private static final ModelShape GPT_OSS_4L = new ModelShape(
            Architecture.GPT_OSS,
            4,
            2880,
            2880,
            64,
            8,
            64,
            201_088,
            131_072,
            false,
            true,
            false,
            Optional.of(new Experts(32, 4, 2880, 0, 0)),
            Optional.empty(),
            Optional.of(new SlidingWindow(128, 2)));

    private static LlamaCppBuffers.Buffers of(
            ModelShape shape, long nCtx, int seqs, boolean flash, KvCacheType type, int ubatch, int outputs) {
        return LlamaCppBuffers.of(
                shape,
                KvCache.KvFormat.LATENT,
                new LlamaCppBuffers.Context(nCtx, seqs, false, flash, type, ubatch, outputs));
    }

    @Test
    void streamsPerSequence_eachKeepTheirSlidingCells() {
        // "KV buffer size = 34.00 MiB" (4,096 cells x 4 streams) and "6.38 MiB" (768 cells x 4 streams), q8_0
        var b = of(GPT_OSS_4L, 16_384, 4, true, KvCacheType.Q8_0, 513, 513);
        assertThat(b.cells()).isEqualTo(16_384);
        assertThat(b.slidingCells()).isEqualTo(4 * 768);
        assertThat(b.kv()).isEqualTo(DataSize.ofBytes(42_336_256));
    }

    @Test
    void oneSequence_slidingCellsAreTheWindowAndAMicroBatch_neverMoreThanTheContext() {
        // an older gpt-oss-20b log at n_ctx 131,072, one sequence: 768 SWA cells = pad(128 + 512, 256), "18.00 MiB
        // SWA" (docs/calibration.md L4)
        assertThat(of(GPT_OSS_4L, 131_072, 1, true, KvCacheType.F16, 512, 512).slidingCells())
                .isEqualTo(768);
        assertThat(of(GPT_OSS_4L, 512, 1, true, KvCacheType.F16, 512, 512).slidingCells())
                .isEqualTo(512);
    }

    @Test
    void oneUnifiedCache_keepsTheWindowOfEverySequenceOnce() {
        // kv_unified (and every build before the per-sequence streams): one stream of pad(n_swa x n_seq + n_ubatch)
        var b = LlamaCppBuffers.of(
                GPT_OSS_4L,
                KvCache.KvFormat.LATENT,
                new LlamaCppBuffers.Context(16_384, 4, true, true, KvCacheType.F16, 513, 513));
        assertThat(b.cells()).isEqualTo(16_384);
        assertThat(b.slidingCells()).isEqualTo(1280);
    }

    @Test
    void latentAttention_keepsTheLatentQueryAndOutput_aboveTheLogits() {
        // DeepSeek-R1's layer shape, 4 layers (LlamaCppEngineIT): "CPU compute buffer size = 409.01 MiB" with flash
        // attention at 1,024 cells, 1440.01 MiB without it at 4,096 (KQ of 128 heads beside the latent tensors)
        ModelShape r1 = new ModelShape(
                Architecture.DEEPSEEK2,
                4,
                7168,
                18432,
                128,
                128,
                128,
                129_280,
                163_840,
                false,
                false,
                false,
                Optional.of(new Experts(256, 8, 2048, 1, 3)),
                Optional.of(new dev.thinkrig.sizing.model.LatentAttention(1536, 512, 128, 64, 128)),
                Optional.empty());
        assertThat(of(r1, 1024, 1, true, KvCacheType.F16, 512, 512).compute().bytes() / (double) DataSize.MIB)
                .isCloseTo(409.01, within(409.01 * 0.03));
        assertThat(of(r1, 4096, 1, false, KvCacheType.F16, 512, 512).compute().bytes() / (double) DataSize.MIB)
                .isCloseTo(1440.01, within(1440.01 * 0.03));
        // the latent cache: 576 elements a token and layer, no V cache ("CPU KV buffer size = 4.50 MiB")
        assertThat(of(r1, 1024, 1, true, KvCacheType.F16, 512, 512).kv()).isEqualTo(DataSize.ofBytes(4_718_592));
    }

    @Test
    void contextIsPaddedTo256_withOrWithoutFlashAttention() {
        // llama_context pads n_ctx to 256 whatever flash attention says (llama-context.cpp)
        assertThat(of(QWEN2_1_5B, 1000, 1, false, KvCacheType.F16, 512, 512).cells())
                .isEqualTo(1024);
        assertThat(of(QWEN2_1_5B, 4000, 4, true, KvCacheType.F16, 512, 512).cells())
                .isEqualTo(4 * 1024);
    }

    @Test
    void computeBuffer_outputPhase_isTheLogitsAndTwoActivations() {
        // R1-Distill-Qwen-1.5B F16, 1,024 cells, flash attention: "CPU compute buffer size = 302.75 MiB"
        var b = of(QWEN2_1_5B, 1024, 1, true, KvCacheType.F16, 512, 512);
        assertThat(b.compute().bytes() / (double) DataSize.MIB).isCloseTo(302.75, within(0.005));
    }

    @Test
    void computeBuffer_withoutFlashAttention_kqDominatesAtLongContexts() {
        // gpt-oss-20b layers, 4,096 cells, no flash attention: "CPU compute buffer size = 559.48 MiB"
        var b = of(GPT_OSS_4L, 4096, 1, false, KvCacheType.F16, 513, 513);
        assertThat(b.compute().bytes() / (double) DataSize.MIB).isCloseTo(559.48, within(559.48 * 0.03));
        // with flash attention the output phase: "415.21 MiB"
        var fa = of(GPT_OSS_4L, 4096, 1, true, KvCacheType.F16, 513, 513);
        assertThat(fa.compute().bytes() / (double) DataSize.MIB).isCloseTo(415.21, within(415.21 * 0.03));
    }
}
