package dev.thinkrig.sizing.engine;

import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.quant.Quantization;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One NIM model profile, named as {@code list-model-profiles} shows it: {@code <backend>-[<gpu>-]<precision>-tp<N>-pp<M>
 * [-<optimization>]}, for example {@code vllm-bf16-tp2-pp1} (a generic profile, any GPU with enough memory) or
 * {@code tensorrt_llm-h100-fp8-tp1-pp1-throughput} (an optimized engine built for one GPU model). Naming from NVIDIA's
 * "Model Profiles and Selection" page, docs.nvidia.com/nim/large-language-models/latest/deployment/
 * model-profiles-and-selection.html ("&lt;backend&gt;-&lt;precision&gt;-tp&lt;N&gt;-pp1[-lora]").
 *
 * @param gpu the GPU model an optimized profile was built for ({@code h100}); empty for a generic profile
 * @param optimization {@code latency} or {@code throughput} for TensorRT-LLM engines; empty otherwise
 */
public record NimProfile(
        Backend backend,
        Optional<String> gpu,
        Quantization precision,
        int tensorParallel,
        int pipelineParallel,
        Optional<String> optimization) {

    /** The inference backends NIM profiles name. */
    public enum Backend {
        TENSORRT_LLM("tensorrt_llm"),
        VLLM("vllm"),
        SGLANG("sglang");

        private final String id;

        Backend(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public NimProfile {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(optimization, "optimization");
        if (tensorParallel < 1 || pipelineParallel < 1) {
            throw new IllegalArgumentException("tensor and pipeline parallel sizes must be at least 1");
        }
    }

    /** The generic vLLM profile a configuration thinkrig sized runs as (what compose sets as NIM_MODEL_PROFILE). */
    public static NimProfile generic(Quantization precision, int tensorParallel, int pipelineParallel) {
        return new NimProfile(
                Backend.VLLM, Optional.empty(), precision, tensorParallel, pipelineParallel, Optional.empty());
    }

    public static NimProfile of(Configuration config) {
        return generic(config.quantization(), config.tensorParallel(), config.pipelineParallel());
    }

    /** Whether the profile is an optimized one (built for one GPU model) rather than generic. */
    public boolean optimized() {
        return gpu.isPresent();
    }

    public int gpus() {
        return tensorParallel * pipelineParallel;
    }

    public String name() {
        StringBuilder s = new StringBuilder(backend.id()).append('-');
        gpu.ifPresent(g -> s.append(g.toLowerCase(Locale.ROOT)).append('-'));
        s.append(precision.name().toLowerCase(Locale.ROOT))
                .append("-tp")
                .append(tensorParallel)
                .append("-pp")
                .append(pipelineParallel);
        optimization.ifPresent(o -> s.append('-').append(o));
        return s.toString();
    }

    @Override
    public String toString() {
        return name();
    }
}
