package dev.thinkrig.templates.recipe;

import dev.thinkrig.sizing.engine.EngineReleases;
import dev.thinkrig.sizing.engine.EngineVersion;
import dev.thinkrig.sizing.hardware.Platform;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The container images thinkrig deploys, pinned, and which one a platform and driver get. */
public final class Images {

    /**
     * Ollama's stable line in mid-2026 (0.32.x), kept in sizing's EngineReleases so plans name the release they
     * assume; the same multi-arch tag serves amd64 and arm64 (DGX Spark).
     */
    static final String OLLAMA_VERSION = EngineReleases.OLLAMA_PINNED.toString();

    static final String OLLAMA = "ollama/ollama:" + OLLAMA_VERSION;

    /** Ollama's ROCm build is a separate tag ({@code -rocm}): the ROCm libraries are too large for the main image. */
    static final String OLLAMA_ROCM = OLLAMA + "-rocm";

    /**
     * vLLM release (sizing's EngineReleases.VLLM_PINNED, which plans assume); from v0.20 the plain tag is built for
     * CUDA 13, {@code -cu129} for CUDA 12.9.
     */
    static final String VLLM_VERSION = "v" + EngineReleases.VLLM_PINNED;

    /**
     * CUDA 13 needs an R580 or newer driver; GeForce cards get no forward compatibility, so an older driver needs the
     * CUDA 12.9 build (NVIDIA CUDA 13.0 release notes, minimum driver table).
     */
    static final int CUDA13_MIN_DRIVER = 580;

    /** CUDA 12.9's minimum Linux driver (575.51.03, CUDA 12.9 release notes). */
    static final int CUDA129_MIN_DRIVER = 575;

    /**
     * NVIDIA's vLLM build for DGX Spark (GB10, sm_121, arm64), from NGC; its entrypoint does not run {@code vllm
     * serve}, so the command names it.
     */
    static final String NGC_VLLM = "nvcr.io/nvidia/vllm:25.12-py3";

    /**
     * NIM images are published per model; the catalog names the repository, not a version, so the tag is NGC's
     * {@code latest} (what NVIDIA's own instructions use). The README says to pin the tag one has tested.
     */
    static final String NIM_TAG = "latest";

    /** NIM's DGX Spark builds are separate repositories with this suffix. */
    static final String NIM_DGX_SPARK_SUFFIX = "-dgx-spark";

    /** Open WebUI release (v0.8.12, April 2026). */
    static final String OPEN_WEBUI = "ghcr.io/open-webui/open-webui:v0.8.12";

    private static final Pattern DRIVER = Pattern.compile("(\\d+)(?:\\.\\d+)*");

    private Images() {}

    static String ollama(Platform platform) {
        return platform.isAmd() ? OLLAMA_ROCM : OLLAMA;
    }

    /** Ollama's image for the release a plan assumes ({@code --engine-version}); the pinned one by default. */
    static String ollama(Platform platform, EngineVersion version) {
        String image = "ollama/ollama:" + version;
        return platform.isAmd() ? image + "-rocm" : image;
    }

    /**
     * vLLM's image: NVIDIA's NGC build on DGX Spark; elsewhere the CUDA 13 tag when the driver is known to be R580 or
     * newer, otherwise the CUDA 12.9 tag, which runs on R575 and newer (so an unknown driver gets the image more
     * drivers can run).
     */
    static String vllm(Platform platform, Optional<Integer> driverMajor) {
        if (platform == Platform.NVIDIA_UNIFIED) {
            return NGC_VLLM;
        }
        if (!platform.isNvidia()) {
            throw new RecipeException(
                    RecipeException.Kind.UNSUPPORTED,
                    "engine",
                    "vllm",
                    "thinkrig writes vLLM deployments for NVIDIA GPUs only; this is a " + platform
                            + " machine (use --engine ollama)");
        }
        boolean cuda13 = driverMajor.map(d -> d >= CUDA13_MIN_DRIVER).orElse(false);
        return "vllm/vllm-openai:" + VLLM_VERSION + (cuda13 ? "" : "-cu129");
    }

    /**
     * vLLM's image for the release a plan assumes ({@code --engine-version}). Releases before v0.20 have one tag, built
     * for CUDA 12; from v0.20 the plain tag is CUDA 13 and {@code -cu129} the CUDA 12.9 build (see {@link
     * #VLLM_VERSION}). DGX Spark keeps NVIDIA's NGC build, whose vLLM release NVIDIA chooses.
     */
    static String vllm(Platform platform, Optional<Integer> driverMajor, EngineVersion version) {
        if (version.equals(EngineReleases.VLLM_PINNED) || platform == Platform.NVIDIA_UNIFIED) {
            return vllm(platform, driverMajor);
        }
        if (!platform.isNvidia()) {
            return vllm(platform, driverMajor);
        }
        if (version.isBefore(FIRST_CUDA13_TAG)) {
            return "vllm/vllm-openai:v" + version;
        }
        boolean cuda13 = driverMajor.map(d -> d >= CUDA13_MIN_DRIVER).orElse(false);
        return "vllm/vllm-openai:v" + version + (cuda13 ? "" : "-cu129");
    }

    /** The first vLLM release whose plain image tag is built for CUDA 13 (see {@link #VLLM_VERSION}). */
    static final EngineVersion FIRST_CUDA13_TAG = EngineVersion.of(0, 20, 0);

    static String nim(String repository, Platform platform) {
        String repo = platform == Platform.NVIDIA_UNIFIED ? repository + NIM_DGX_SPARK_SUFFIX : repository;
        return repo + ":" + NIM_TAG;
    }

    /** The major number of an nvidia-smi driver version ({@code 580.65.06} gives 580). */
    public static int driverMajor(String version) {
        Matcher m = DRIVER.matcher(version == null ? "" : version.trim());
        if (!m.matches()) {
            throw new RecipeException(
                    RecipeException.Kind.INVALID_VALUE,
                    "nvidiaDriver",
                    String.valueOf(version),
                    "not an NVIDIA driver version: '" + version
                            + "' (expected nvidia-smi's driver_version, 580.65.06)");
        }
        return Integer.parseInt(m.group(1));
    }
}
