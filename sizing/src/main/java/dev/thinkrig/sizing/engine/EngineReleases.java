package dev.thinkrig.sizing.engine;

import java.util.Optional;

/**
 * The engine releases thinkrig plans for: the version each engine's pinned image runs (the default of {@code
 * --engine-version}) and the range whose memory behaviour thinkrig models.
 */
public final class EngineReleases {

    /** The vLLM release of the pinned {@code vllm/vllm-openai} image (templates Images.VLLM_VERSION reads it). */
    public static final EngineVersion VLLM_PINNED = EngineVersion.of(0, 21, 0);

    /** The Ollama release of the pinned {@code ollama/ollama} image (templates Images.OLLAMA_VERSION reads it). */
    public static final EngineVersion OLLAMA_PINNED = EngineVersion.of(0, 32, 4);

    /**
     * The oldest vLLM modelled: v0.6.0. The oldest log the V0 regime was checked against is v0.6.4's (vllm issue
     * #10517); older releases are refused rather than guessed.
     */
    public static final EngineVersion VLLM_OLDEST = EngineVersion.of(0, 6, 0);

    /**
     * The first vLLM release not modelled: the newest start-up log found is v0.29.1's (a 0.29.1rc1 build on 2x DGX
     * Spark still printing the v0.21 CUDA graph profiling line, eugr/spark-vllm-docker issue #396); later releases may
     * change the profiling again.
     */
    public static final EngineVersion VLLM_FIRST_UNKNOWN = EngineVersion.of(0, 30, 0);

    /**
     * The oldest Ollama accepted: v0.5.0 (December 2024). The version does not change Ollama's plan; the range only
     * refuses releases older than the logs of accuracy.md's Ollama rows (2025-2026) and newer than the pinned line.
     */
    public static final EngineVersion OLLAMA_OLDEST = EngineVersion.of(0, 5, 0);

    /** The first Ollama release not modelled (after the pinned 0.32 line). */
    public static final EngineVersion OLLAMA_FIRST_UNKNOWN = EngineVersion.of(0, 33, 0);

    private EngineReleases() {}

    /** The version plans assume for {@code engine} when none is given; empty for NIM (versioned per model image). */
    public static Optional<EngineVersion> pinned(Engine engine) {
        return switch (engine) {
            case VLLM -> Optional.of(VLLM_PINNED);
            case OLLAMA -> Optional.of(OLLAMA_PINNED);
            case NIM -> Optional.empty();
        };
    }

    /** {@code version} if thinkrig models it for {@code engine}; otherwise an error that names the supported range. */
    public static EngineVersion require(Engine engine, EngineVersion version) {
        EngineVersion oldest;
        EngineVersion firstUnknown;
        switch (engine) {
            case VLLM -> {
                oldest = VLLM_OLDEST;
                firstUnknown = VLLM_FIRST_UNKNOWN;
            }
            case OLLAMA -> {
                oldest = OLLAMA_OLDEST;
                firstUnknown = OLLAMA_FIRST_UNKNOWN;
            }
            default ->
                throw new IllegalArgumentException("--engine-version does not apply to " + engine.id()
                        + ": NIM images are versioned per model (the plan follows the catalog's NIM profiles)");
        }
        if (version.isBefore(oldest) || version.isAtLeast(firstUnknown)) {
            throw new IllegalArgumentException(String.format(
                    "%s %s is not supported: thinkrig models %s %s to %d.%d.x (default %s, the pinned image)",
                    engine.id(),
                    version,
                    engine.id(),
                    oldest,
                    firstUnknown.major(),
                    firstUnknown.minor() - 1,
                    pinned(engine).orElseThrow()));
        }
        return version;
    }
}
