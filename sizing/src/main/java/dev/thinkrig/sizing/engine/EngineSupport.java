package dev.thinkrig.sizing.engine;

import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Platform;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.quant.Quantization;
import java.util.Optional;

/** Which engine runs where, in which weight and cache formats; each "no" comes with its reason. */
public final class EngineSupport {

    /** vLLM's CUDA builds need compute capability 7.0 or newer (vLLM installation docs, GPU requirements). */
    static final int VLLM_MIN_CAPABILITY = 70;

    /**
     * FP8 weights: native W8A8 from Ada (8.9); Ampere (8.0) runs them weight-only through FP8 Marlin kernels (vLLM
     * docs, "FP8 W8A8").
     */
    static final int FP8_WEIGHTS_MIN_CAPABILITY = 80;

    /** AWQ and GPTQ Marlin kernels need Ampere (vLLM quantization hardware table). */
    static final int INT4_MIN_CAPABILITY = 80;

    /**
     * MXFP4 weights (gpt-oss): vLLM runs them natively on Blackwell and through Triton / Marlin MXFP4 kernels on Hopper
     * and Ampere (vLLM GPT-OSS recipe: H100, H200, B200 and A100 listed), so Ampere is the floor, not FP4 cores.
     */
    static final int MXFP4_MIN_CAPABILITY = 80;

    private EngineSupport() {}

    /** Why {@code engine} cannot run on {@code hardware} at all, or empty when it can. */
    public static Optional<String> whyNot(Engine engine, Hardware hardware) {
        Platform platform = hardware.platform();
        switch (engine) {
            case OLLAMA:
                return Optional.empty();
            case VLLM:
                if (platform == Platform.APPLE) {
                    return Optional.of("vLLM has no Metal backend; on Apple Silicon Ollama runs natively");
                }
                if (platform == Platform.CPU) {
                    return Optional.of("thinkrig plans vLLM on GPUs only");
                }
                if (platform == Platform.AMD_UNIFIED) {
                    return Optional.of("vLLM's ROCm builds target Instinct and discrete Radeon GPUs, not APUs");
                }
                for (Accelerator gpu : hardware.accelerators()) {
                    if (platform.isNvidia() && gpu.cudaCapability() < VLLM_MIN_CAPABILITY) {
                        return Optional.of("vLLM needs compute capability 7.0 or newer; " + gpu.name() + " is "
                                + gpu.architecture());
                    }
                }
                return Optional.empty();
            case NIM:
                return platform.isNvidia() ? Optional.empty() : Optional.of("NVIDIA NIM runs on NVIDIA GPUs only");
            default:
                throw new IllegalStateException("unknown engine " + engine);
        }
    }

    /** Why {@code engine} cannot serve weights in {@code quant} on {@code hardware}, or empty when it can. */
    public static Optional<String> whyNot(Engine engine, Quantization quant, Hardware hardware) {
        if (engine == Engine.OLLAMA || !hardware.platform().isNvidia()) {
            return Optional.empty(); // llama.cpp runs every GGUF type on every backend
        }
        int capability = hardware.accelerators().stream()
                .mapToInt(Accelerator::cudaCapability)
                .min()
                .orElse(0);
        boolean fp4 = hardware.accelerators().stream().allMatch(Accelerator::fp4);
        return switch (quant) {
            case FP8 ->
                capability < FP8_WEIGHTS_MIN_CAPABILITY
                        ? Optional.of("FP8 weights need an Ampere or newer GPU")
                        : Optional.empty();
            case AWQ, GPTQ ->
                capability < INT4_MIN_CAPABILITY
                        ? Optional.of("AWQ/GPTQ Marlin kernels need an Ampere or newer GPU")
                        : Optional.empty();
            case NVFP4 -> fp4 ? Optional.empty() : Optional.of("NVFP4 needs FP4 tensor cores (Blackwell)");
            case MXFP4 ->
                capability < MXFP4_MIN_CAPABILITY
                        ? Optional.of("MXFP4 kernels need an Ampere or newer GPU")
                        : Optional.empty();
            default -> Optional.empty();
        };
    }

    /**
     * Why asking {@code engine} for a {@code kv} cache contradicts itself whatever the machine (a type the engine has
     * no setting for, or Ollama's quantized cache with flash attention turned off), or empty when it does not; the
     * machine-dependent reasons stay in {@link #whyNot}.
     */
    public static Optional<String> contradiction(Engine engine, KvCacheType kv, boolean flashAttentionOff) {
        return switch (engine) {
            case OLLAMA ->
                kv == KvCacheType.BF16 || kv == KvCacheType.FP8
                        ? Optional.of("Ollama's KV cache types are f16, q8_0 and q4_0")
                        : kv.needsFlashAttention() && flashAttentionOff
                                ? Optional.of("a " + kv.cliName() + " KV cache needs flash attention")
                                : Optional.empty();
            case VLLM ->
                kv == KvCacheType.Q8_0 || kv == KvCacheType.Q4_0
                        ? Optional.of("vLLM's --kv-cache-dtype is auto (16-bit) or fp8")
                        : Optional.empty();
            case NIM ->
                kv == KvCacheType.BF16 || kv == KvCacheType.F16
                        ? Optional.empty()
                        : Optional.of("NIM profiles keep the KV cache at the model's 16-bit precision");
        };
    }

    /** Why {@code engine} cannot keep its KV cache as {@code kv}, or empty when it can. */
    public static Optional<String> whyNot(Engine engine, KvCacheType kv, boolean flashAttention, Hardware hardware) {
        // OLLAMA_KV_CACHE_TYPE accepts f16, q8_0 and q4_0, the quantized ones with flash attention; vLLM's
        // --kv-cache-dtype auto or fp8; NIM's profiles fix the model's own 16-bit cache
        Optional<String> contradiction = contradiction(engine, kv, !flashAttention);
        if (contradiction.isPresent()) {
            return contradiction;
        }
        if (engine == Engine.VLLM
                && kv == KvCacheType.FP8
                && !hardware.accelerators().stream().allMatch(Accelerator::fp8)) {
            return Optional.of("an fp8 KV cache needs FP8-capable GPUs");
        }
        return Optional.empty();
    }
}
