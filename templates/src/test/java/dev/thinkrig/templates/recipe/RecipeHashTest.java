package dev.thinkrig.templates.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.quant.Quantization;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecipeHashTest {

    private static final Map<String, String> ENV =
            Map.of("HOME", "/home/ana", "HF_TOKEN", "hf_first", "VLLM_API_KEY", "key-one");

    private static ContainerRecipe vllm(Optional<String> listen, Engine engine, Quantization q) {
        return Recipes.of(
                        Fixtures.plan(Fixtures.h100(), engine, q),
                        Fixtures.facts(Fixtures.NAME, q),
                        new RecipeOptions("x", listen, false, Optional.empty()))
                .container()
                .orElseThrow();
    }

    private static ContainerRecipe vllm() {
        return vllm(Optional.empty(), Engine.VLLM, Quantization.BF16);
    }

    @Test
    void hash_isStable_sha256Hex() {
        String hash = vllm().hash(ENV);
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(vllm().hash(ENV)).isEqualTo(hash);
        // the invocation in the header and the reasons are not settings
        assertThat(Recipes.of(
                                Fixtures.plan(Fixtures.h100(), Engine.VLLM, Quantization.BF16),
                                Fixtures.facts(Fixtures.NAME, Quantization.BF16),
                                new RecipeOptions("thinkrig deploy other", Optional.empty(), false, Optional.empty()))
                        .container()
                        .orElseThrow()
                        .hash(ENV))
                .isEqualTo(hash);
    }

    @Test
    void hash_changesWithEveryEffectiveSetting() {
        String base = vllm().hash(ENV);
        assertThat(vllm().withImage("mirror/vllm:1").hash(ENV)).isNotEqualTo(base);
        assertThat(vllm().withHostPort(18000).hash(ENV)).isNotEqualTo(base);
        assertThat(vllm(Optional.of("0.0.0.0"), Engine.VLLM, Quantization.BF16).hash(ENV))
                .isNotEqualTo(base);
        assertThat(vllm(Optional.empty(), Engine.VLLM, Quantization.FP8).hash(ENV))
                .isNotEqualTo(base);
        // HOME fills the weights mount: another user's cache is another mount
        assertThat(vllm().hash(Map.of("HOME", "/home/bo", "HF_TOKEN", "hf_first")))
                .isNotEqualTo(base);
    }

    @Test
    void hash_neverSeesSecretValues() {
        ContainerRecipe listening = vllm(Optional.of("0.0.0.0"), Engine.VLLM, Quantization.BF16);
        String hash = listening.hash(ENV);
        assertThat(listening.hash(Map.of("HOME", "/home/ana", "HF_TOKEN", "hf_other", "VLLM_API_KEY", "key-two")))
                .isEqualTo(hash);
        String canonical = RecipeHash.canonical(listening, ENV);
        assertThat(canonical)
                .doesNotContain("hf_first")
                .doesNotContain("key-one")
                .contains("env HF_TOKEN secret")
                .contains("env VLLM_API_KEY secret")
                .contains("mount \"/home/ana/.cache/huggingface:/root/.cache/huggingface\"")
                .contains("port \"0.0.0.0:8000:8000\"")
                .contains("gpu count=1");
    }
}
