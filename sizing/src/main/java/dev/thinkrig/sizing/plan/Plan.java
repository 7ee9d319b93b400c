package dev.thinkrig.sizing.plan;

import dev.thinkrig.sizing.engine.NimProfile;
import java.util.List;
import java.util.Optional;

/**
 * The answer to a plan request.
 *
 * @param chosen the best configuration that fits, if any
 * @param closest when nothing fits, the least demanding configuration tried, so its numbers can be shown
 * @param alternatives the best fitting configuration of each other engine and quantization, best first
 * @param rejections engine and quantization families with no fitting configuration, and why
 * @param wiredLimitAdvice on Apple, a configuration better than {@code chosen} (or any, when nothing fits) that a
 *     raised {@code iogpu.wired_limit_mb} would let fit, with the command
 * @param nimAutomaticProfile the NIM profile NIM would pick on its own on these GPUs (NVIDIA's automatic selection),
 *     when NIM was planned and one of its profiles fits
 */
public record Plan(
        PlanRequest request,
        Optional<Evaluation> chosen,
        Optional<Evaluation> closest,
        List<Evaluation> alternatives,
        List<Rejection> rejections,
        Optional<WiredLimitAdvice> wiredLimitAdvice,
        Optional<NimProfile> nimAutomaticProfile) {

    public Plan {
        alternatives = List.copyOf(alternatives);
        rejections = List.copyOf(rejections);
        java.util.Objects.requireNonNull(wiredLimitAdvice, "wiredLimitAdvice");
        java.util.Objects.requireNonNull(nimAutomaticProfile, "nimAutomaticProfile");
    }

    public Plan(
            PlanRequest request,
            Optional<Evaluation> chosen,
            Optional<Evaluation> closest,
            List<Evaluation> alternatives,
            List<Rejection> rejections,
            Optional<WiredLimitAdvice> wiredLimitAdvice) {
        this(request, chosen, closest, alternatives, rejections, wiredLimitAdvice, Optional.empty());
    }

    public Plan(
            PlanRequest request,
            Optional<Evaluation> chosen,
            Optional<Evaluation> closest,
            List<Evaluation> alternatives,
            List<Rejection> rejections) {
        this(request, chosen, closest, alternatives, rejections, Optional.empty(), Optional.empty());
    }

    public boolean fits() {
        return chosen.isPresent();
    }

    /** Whether any configuration was evaluated (none is when every engine was rejected outright). */
    public boolean triedAny() {
        return chosen.isPresent() || closest.isPresent();
    }

    /** The evaluation to show: the chosen one, or the closest miss; only when {@link #triedAny()}. */
    public Evaluation shown() {
        return chosen.or(() -> closest).orElseThrow();
    }
}
