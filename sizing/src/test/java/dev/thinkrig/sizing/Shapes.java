package dev.thinkrig.sizing;

import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.Experts;
import dev.thinkrig.sizing.model.LatentAttention;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.SlidingWindow;
import java.util.Optional;

/** Model shapes from the models' config.json files, for tests (the catalog's copies are tested in profiles). */
public final class Shapes {

    private Shapes() {}

    /** DeepSeek-R1-Distill-Qwen-32B / QwQ-32B (Qwen2.5-32B config.json). */
    public static final ModelShape QWEN_32B =
            new ModelShape(Architecture.QWEN2, 64, 5120, 27648, 40, 8, 128, 152064, 131072, false, true, false);

    /** Meta-Llama-3-8B / DeepSeek-R1-Distill-Llama-8B (Llama-3.1-8B config.json). */
    public static final ModelShape LLAMA_8B =
            new ModelShape(Architecture.LLAMA, 32, 4096, 14336, 32, 8, 128, 128256, 131072, false, false, false);

    /** Llama-3.3-70B-Instruct / DeepSeek-R1-Distill-Llama-70B. */
    public static final ModelShape LLAMA_70B =
            new ModelShape(Architecture.LLAMA, 80, 8192, 28672, 64, 8, 128, 128256, 131072, false, false, false);

    /** Qwen2.5-7B / DeepSeek-R1-Distill-Qwen-7B. */
    public static final ModelShape QWEN_7B =
            new ModelShape(Architecture.QWEN2, 28, 3584, 18944, 28, 4, 128, 152064, 131072, false, true, false);

    /** Qwen3-30B-A3B (and Qwen3-Coder-30B-A3B): 48 MoE layers, 128 experts, 8 per token, expert width 768. */
    public static final ModelShape QWEN3_30B_A3B = new ModelShape(
            Architecture.QWEN3MOE,
            48,
            2048,
            6144,
            32,
            4,
            128,
            151936,
            131072,
            false,
            false,
            true,
            Optional.of(new Experts(128, 8, 768, 0, 0)),
            Optional.empty(),
            Optional.empty());

    /** Qwen3-235B-A22B: 94 MoE layers, 128 experts, 8 per token, expert width 1536, 4 KV heads. */
    public static final ModelShape QWEN3_235B_A22B = new ModelShape(
            Architecture.QWEN3MOE,
            94,
            4096,
            12288,
            64,
            4,
            128,
            151936,
            131072,
            false,
            false,
            true,
            Optional.of(new Experts(128, 8, 1536, 0, 0)),
            Optional.empty(),
            Optional.empty());

    /** gpt-oss-20b: 24 layers alternating 128-token sliding window and full attention, 32 experts, 4 per token. */
    public static final ModelShape GPT_OSS_20B = gptOss(24, 32);

    /** gpt-oss-120b: 36 layers, 128 experts, 4 per token. */
    public static final ModelShape GPT_OSS_120B = gptOss(36, 128);

    /** DeepSeek-V3 / R1 (671B): multi-head latent attention, 3 dense then 58 MoE layers of 256 + 1 shared experts. */
    public static final ModelShape DEEPSEEK_R1 = new ModelShape(
            Architecture.DEEPSEEK2,
            61,
            7168,
            18432,
            128,
            128,
            128,
            129280,
            163840,
            false,
            false,
            false,
            Optional.of(new Experts(256, 8, 2048, 1, 3)),
            Optional.of(new LatentAttention(1536, 512, 128, 64, 128)),
            Optional.empty());

    private static ModelShape gptOss(int layers, int experts) {
        return new ModelShape(
                Architecture.GPT_OSS,
                layers,
                2880,
                2880,
                64,
                8,
                64,
                201088,
                131072,
                false,
                true,
                false,
                Optional.of(new Experts(experts, 4, 2880, 0, 0)),
                Optional.empty(),
                Optional.of(new SlidingWindow(128, 2)));
    }
}
