package dev.thinkrig.templates.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thinkrig.sizing.engine.EngineReleases;
import dev.thinkrig.sizing.engine.EngineVersion;
import dev.thinkrig.sizing.hardware.Platform;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The image a plan's engine release ({@code --engine-version}) deploys. */
class ImagesTest {

    @ParameterizedTest
    @CsvSource({
        // before v0.20 one tag per release, built for CUDA 12
        "0.11.0, 580, vllm/vllm-openai:v0.11.0",
        "0.8.5.post1, 570, vllm/vllm-openai:v0.8.5.post1",
        // from v0.20 the plain tag is CUDA 13 (R580+), -cu129 otherwise
        "0.22.1, 580, vllm/vllm-openai:v0.22.1",
        "0.22.1, 575, vllm/vllm-openai:v0.22.1-cu129",
        "0.21.0, 575, vllm/vllm-openai:v0.21.0-cu129"
    })
    void vllm_tagFollowsThePlannedRelease(String version, int driver, String image) {
        assertThat(Images.vllm(Platform.NVIDIA, Optional.of(driver), EngineVersion.parse(version)))
                .isEqualTo(image);
    }

    @ParameterizedTest
    @CsvSource({"0.11.0", "0.21.0"})
    void vllm_onDgxSpark_keepsNvidiasBuild(String version) {
        assertThat(Images.vllm(Platform.NVIDIA_UNIFIED, Optional.empty(), EngineVersion.parse(version)))
                .isEqualTo(Images.NGC_VLLM);
    }

    @ParameterizedTest
    @CsvSource({"NVIDIA, 0.12.6, ollama/ollama:0.12.6", "AMD, 0.12.6, ollama/ollama:0.12.6-rocm"})
    void ollama_tagFollowsThePlannedRelease(Platform platform, String version, String image) {
        assertThat(Images.ollama(platform, EngineVersion.parse(version))).isEqualTo(image);
    }

    @org.junit.jupiter.api.Test
    void pinnedReleases_giveThePinnedImages() {
        assertThat(Images.ollama(Platform.NVIDIA, EngineReleases.OLLAMA_PINNED)).isEqualTo(Images.OLLAMA);
        assertThat(Images.vllm(Platform.NVIDIA, Optional.of(580), EngineReleases.VLLM_PINNED))
                .isEqualTo("vllm/vllm-openai:" + Images.VLLM_VERSION);
    }
}
