package dev.thinkrig.deploy.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StartupAdviceTest {

    @Test
    void advise_vllmKvCacheTooSmall_suggestsTheContextThatFits() {
        // vLLM's message when --max-model-len exceeds what the KV cache holds (vllm/v1/core/kv_cache_utils.py)
        String line = "ValueError: The model's max seq len (131072) is larger than the maximum number of tokens that"
                + " can be stored in KV cache (46240). Try increasing `gpu_memory_utilization` or decreasing"
                + " `max_model_len` when initializing the engine.";

        assertThat(StartupAdvice.advise(List.of("INFO loading", line)))
                .hasValueSatisfying(a -> assertThat(a).contains("--context 46240 or less"));
    }

    @Test
    void advise_beyondTheModelsOwnLimit_namesTheLimit() {
        String line = "ValueError: User-specified max_model_len (200000) is greater than the derived max_model_len"
                + " (max_position_embeddings=131072 or model_max_length=None in model's config.json).";

        assertThat(StartupAdvice.advise(List.of(line)))
                .hasValueSatisfying(a -> assertThat(a).contains("at most 131072 tokens"));
    }

    @Test
    void advise_unknownFailure_noAdvice() {
        assertThat(StartupAdvice.advise(List.of("segmentation fault"))).isEmpty();
    }
}
