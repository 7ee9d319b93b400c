package dev.thinkrig.sizing.engine;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Platform;
import dev.thinkrig.sizing.model.ModelShape;

/**
 * The context Ollama picks on its own when neither {@code OLLAMA_CONTEXT_LENGTH} nor {@code num_ctx} is set. Since
 * Ollama 0.15.5 (ollama/ollama PR #13946, server/routes.go) the default depends on the total VRAM of all GPUs: 4k below
 * 23 GiB, 32k from 23 GiB, 256k from 47 GiB (the code uses 23/47 GiB so that 24/48 GiB cards qualify; the documented
 * tiers are "&lt; 24 GiB: 4k, 24-48 GiB: 32k, &gt;= 48 GiB: 256k", docs.ollama.com/context-length). The runner then
 * lowers a num_ctx above the model's trained context to it (llm/server.go, "requested context size too large for
 * model").
 */
public final class OllamaDefaults {

    /** Below {@link #MIDDLE_TIER_VRAM} of VRAM (and on CPU only): {@code s.defaultNumCtx = 4096}. */
    public static final int SMALL_CONTEXT = 4096;

    /** From 23 GiB of VRAM: {@code s.defaultNumCtx = 32768}. */
    public static final int MIDDLE_CONTEXT = 32768;

    /** From 47 GiB of VRAM: {@code s.defaultNumCtx = 262144}. */
    public static final int LARGE_CONTEXT = 262144;

    /** {@code totalVRAM >= 23*format.GibiByte} (server/routes.go, PR #13946). */
    public static final DataSize MIDDLE_TIER_VRAM = DataSize.ofGiB(23);

    /** {@code totalVRAM >= 47*format.GibiByte} (server/routes.go, PR #13946). */
    public static final DataSize LARGE_TIER_VRAM = DataSize.ofGiB(47);

    private OllamaDefaults() {}

    /**
     * Total memory of every GPU, as Ollama sums it for the tier (0 on a machine without accelerators). On Apple
     * Silicon Ollama's GPU total is Metal's {@code recommendedMaxWorkingSetSize}: {@code info.TotalMemory =
     * uint64(C.getRecommendedMaxVRAM())} in older releases' gpu/gpu_darwin.go, and ggml-metal's device memory (the
     * same working set) since the runner reports devices, the working-set limit thinkrig plans with, not the RAM: a
     * 32 GB Mac whose working set is 2/3 of it (21.3 GiB, older macOS) gets the 4k tier.
     */
    public static DataSize totalVram(Hardware hardware) {
        long total = 0;
        for (Accelerator gpu : hardware.accelerators()) {
            total += hardware.platform() == Platform.APPLE
                    ? gpu.usableMemory().bytes()
                    : gpu.memory().bytes();
        }
        return DataSize.ofBytes(total);
    }

    /** The tier Ollama picks for this machine, before the model's own maximum applies. */
    public static int tierContext(Hardware hardware) {
        DataSize vram = totalVram(hardware);
        if (vram.compareTo(LARGE_TIER_VRAM) >= 0) {
            return LARGE_CONTEXT;
        }
        if (vram.compareTo(MIDDLE_TIER_VRAM) >= 0) {
            return MIDDLE_CONTEXT;
        }
        return SMALL_CONTEXT;
    }

    /** The num_ctx Ollama would run this model with on this machine if nothing sets one. */
    public static int automaticContext(Hardware hardware, ModelShape shape) {
        return Math.min(tierContext(hardware), shape.maxContextTokens());
    }
}
