package dev.thinkrig.sizing.engine;

import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which profile NIM picks on its own when {@code NIM_MODEL_PROFILE} is not set. NVIDIA's "Automatic Profile Selection"
 * (docs.nvidia.com/nim/large-language-models/1.0.0/optimization.html, and the "Model Profiles" page of later releases,
 * docs.nvidia.com/nim/large-language-models/latest/profiles.html) first drops the profiles that cannot run on the
 * detected GPUs (their number and model), then sorts the rest by: backend (optimized TensorRT-LLM engines before vLLM),
 * precision (lower first: FP8 before FP16), optimization (latency before throughput), and tensor parallelism (higher
 * first: a profile for 8 GPUs before one for 4). Generic profiles run on "any NVIDIA GPU (or set of GPUs) with
 * sufficient memory capacity"; whether they have it is the caller's test (thinkrig's vLLM memory model).
 */
public final class NimProfiles {

    /** Best first, in NVIDIA's order of criteria (see the class comment). */
    public static final Comparator<NimProfile> PREFERENCE = Comparator.comparing(NimProfile::optimized)
            .reversed()
            .thenComparingInt(p -> p.backend() == NimProfile.Backend.TENSORRT_LLM ? 0 : 1)
            .thenComparingDouble(p -> p.precision().baseType().bitsPerWeight())
            .thenComparingInt(
                    p -> p.optimization().map(o -> o.equals("latency") ? 0 : 1).orElse(2))
            .thenComparing(Comparator.comparingInt(NimProfile::tensorParallel).reversed());

    private NimProfiles() {}

    /**
     * The profile NIM would choose among {@code listed} on {@code hardware}: an optimized profile needs as many GPUs of
     * its GPU model; a generic one needs enough GPUs and {@code genericFits}.
     */
    public static Optional<NimProfile> automatic(
            List<NimProfile> listed, Hardware hardware, Predicate<NimProfile> genericFits) {
        return listed.stream().filter(p -> compatible(p, hardware, genericFits)).min(PREFERENCE);
    }

    static boolean compatible(NimProfile p, Hardware hardware, Predicate<NimProfile> genericFits) {
        List<Accelerator> gpus = hardware.accelerators();
        if (p.gpus() > gpus.size()) {
            return false;
        }
        if (p.gpu().isEmpty()) {
            return genericFits.test(p);
        }
        String tag = normalize(p.gpu().get());
        return gpus.subList(0, p.gpus()).stream()
                .allMatch(g -> normalize(g.name()).contains(tag));
    }

    /** "NVIDIA H100 80GB HBM3" and the profile tag "h100" compare without case, spaces or dashes. */
    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
    }
}
