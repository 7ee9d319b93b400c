package dev.thinkrig.sizing;

import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.ModelShape;

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
}
