package dev.thinkrig.sizing.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EngineVersionTest {

    @ParameterizedTest
    @CsvSource({"0.11.0, 0.11.0", "v0.8.5.post1, 0.8.5.post1", "0.6, 0.6.0", "' v0.21.0 ', 0.21.0", "0.27.1, 0.27.1"})
    void parse_acceptsTagsAndPlainNumbers(String text, String printed) {
        assertThat(EngineVersion.parse(text)).hasToString(printed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "latest", "0.9.0rc1", "0.10.1+cu128", "1", "0.x.0", "-0.1.0"})
    void parse_rejectsWhatNoReleaseIsCalled_showingTheForm(String text) {
        assertThatThrownBy(() -> EngineVersion.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAJOR.MINOR[.PATCH][.postN]");
    }

    @ParameterizedTest
    @CsvSource({"0.8.5, 0.8.5.post1", "0.9.2, 0.10.0", "0.10.9, 0.11.0", "0.7.3, 0.8.0", "0.21.0, 1.0.0"})
    void compare_ordersNumericallyWithPostReleasesAfterTheirRelease(String lower, String higher) {
        assertThat(EngineVersion.parse(lower)).isLessThan(EngineVersion.parse(higher));
        assertThat(EngineVersion.parse(higher).isAtLeast(EngineVersion.parse(lower)))
                .isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "0.6.0, V0",
        "0.7.3, V0",
        "0.8.0, V1",
        "0.8.5.post1, V1",
        "0.11.0, V1",
        "0.20.2, V1",
        "0.21.0, V1_GRAPHS_IN_BUDGET",
        "0.27.1, V1_GRAPHS_IN_BUDGET"
    })
    void regime_followsTheReleaseThatChangedTheDefault(String version, VllmRegime regime) {
        assertThat(VllmRegime.of(EngineVersion.parse(version))).isEqualTo(regime);
    }

    @ParameterizedTest
    @CsvSource({"VLLM, 0.5.4", "VLLM, 0.30.0", "OLLAMA, 0.4.7", "OLLAMA, 0.33.0"})
    void require_outsideTheModelledRange_namesTheRange(Engine engine, String version) {
        assertThatThrownBy(() -> EngineReleases.require(engine, EngineVersion.parse(version)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not supported")
                .hasMessageMatching(".* to 0\\.\\d+\\.x .*");
    }

    @ParameterizedTest
    @CsvSource({"VLLM, 0.6.0", "VLLM, 0.29.1", "OLLAMA, 0.5.0", "OLLAMA, 0.32.9"})
    void require_insideTheRange_returnsTheVersion(Engine engine, String version) {
        assertThat(EngineReleases.require(engine, EngineVersion.parse(version)))
                .isEqualTo(EngineVersion.parse(version));
    }

    @org.junit.jupiter.api.Test
    void require_nim_isAnError_imagesAreVersionedPerModel() {
        assertThatThrownBy(() -> EngineReleases.require(Engine.NIM, EngineVersion.parse("0.11.0")))
                .hasMessageContaining("NIM images are versioned per model");
    }
}
