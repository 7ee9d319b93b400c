package dev.thinkrig.templates.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalWeightsTest {

    @ParameterizedTest
    @CsvSource({
        "DeepSeek-R1-Distill-Qwen-32B-Q4_K_M.gguf, deepseek-r1-distill-qwen-32b-q4_k_m",
        "my model (v2).GGUF, my-model-v2",
        "__.gguf, local-model"
    })
    void ollamaName_isTheFileNameInOllamasCharacters(String file, String name) {
        assertThat(LocalWeights.gguf("/srv/models", file).ollamaName()).isEqualTo(name);
    }

    @Test
    void gguf_mountsItsDirectoryReadOnlyAtModels() {
        LocalWeights w = LocalWeights.gguf("/srv/models", "x.gguf");
        assertThat(w.containerPath()).isEqualTo("/models/x.gguf");
        assertThat(w.hostPath()).isEqualTo("/srv/models/x.gguf");
        assertThat(w.mount().compose()).isEqualTo("/srv/models:/models:ro");
    }

    @Test
    void checkpoint_isMountedUnderItsOwnName() {
        LocalWeights w = LocalWeights.checkpoint("/srv/models/R1-7B");
        assertThat(w.containerPath()).isEqualTo("/models/R1-7B");
        assertThat(w.mount().compose()).isEqualTo("/srv/models/R1-7B:/models/R1-7B:ro");
    }

    @Test
    void pathWithAColonOrRelative_isRefused() {
        assertThatThrownBy(() -> LocalWeights.checkpoint("/srv/a:b"))
                .isInstanceOf(RecipeException.class)
                .hasMessageContaining("':'");
        assertThatThrownBy(() -> LocalWeights.checkpoint("models/x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostPathWithADollar_isLiteralInCompose() {
        assertThat(LocalWeights.checkpoint("/srv/$HOME").mount().compose()).isEqualTo("/srv/$$HOME:/models/-HOME:ro");
    }
}
