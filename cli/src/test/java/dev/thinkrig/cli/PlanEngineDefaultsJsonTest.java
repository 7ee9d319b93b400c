package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The JSON fields for the largest fitting context, Ollama's automatic context and NIM's profiles (docs/cli.md). */
class PlanEngineDefaultsJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode plan(String... args) throws IOException {
        Cli cli = Cli.run(args);
        assertThat(cli.exitCode).as(cli.err).isIn(0, ExitCode.DOES_NOT_FIT.code);
        return JSON.readTree(cli.out);
    }

    @Test
    void vllm_largestContext_isTheKvPoolAndALongerContextIsRefused() throws IOException {
        // R1-Distill-Qwen-32B BF16 (61 GiB of weights) on one H100: the pool holds fewer than the 131,072 maximum
        JsonNode plan = plan(
                "plan",
                "deepseek-r1-distill-qwen-32b",
                "--hardware",
                "h100-80gb",
                "--engine",
                "vllm",
                "--quant",
                "BF16",
                "--format",
                "json");
        int largest = plan.path("largestContextTokens").asInt();
        assertThat(largest).isEqualTo(plan.path("kvCapacityTokens").asInt()).isBetween(36_864, 131_071);
        assertThat(plan.path("ollamaAutomaticContextTokens").isNull()).isTrue();
        assertThat(plan.path("nimProfile").isNull()).isTrue();

        JsonNode longer = plan(
                "plan",
                "deepseek-r1-distill-qwen-32b",
                "--hardware",
                "h100-80gb",
                "--engine",
                "vllm",
                "--quant",
                "BF16",
                "--context",
                Integer.toString(largest + 1),
                "--format",
                "json");
        assertThat(longer.path("fits").asBoolean()).isFalse();
        assertThat(longer.path("problems").get(0).asText())
                .contains(String.format("the largest --max-model-len that fits is %,d", largest));
    }

    @Test
    void ollama_largestContext_fitsAndOneStepMoreDoesNot() throws IOException {
        String[] base = {
            "plan",
            "deepseek-r1-distill-qwen-32b",
            "--hardware",
            "rtx-4090",
            "--engine",
            "ollama",
            "--quant",
            "Q4_K_M",
            "--kv-cache-type",
            "q4_0",
            "--format",
            "json"
        };
        JsonNode plan = plan(base);
        // R1-Distill-Qwen-32B Q4_K_M with a q4_0 cache: every layer on one RTX 4090 at 36,864 tokens, not at 131,072
        assertThat(plan.path("config").path("gpuLayers").isNull()).isTrue();
        int largest = plan.path("largestContextTokens").asInt();
        assertThat(largest).isBetween(36_864, 131_071);
        // one RTX 4090 (24 GiB): Ollama's own default is the 32k tier
        assertThat(plan.path("ollamaAutomaticContextTokens").asInt()).isEqualTo(32_768);
        assertThat(plan.path("notes").toString()).contains("Ollama on its own would use a 32,768-token context");
        for (JsonNode a : plan.path("alternatives")) {
            assertThat(a.has("largestContextTokens")).isTrue();
        }

        JsonNode atLargest = plan(withContext(base, largest));
        assertThat(atLargest.path("fits").asBoolean()).isTrue();
        assertThat(atLargest.path("config").path("gpuLayers").isNull()).isTrue();
        JsonNode beyond = plan(withContext(base, largest + 256));
        // no longer every layer on the GPU: a partial offload, or nothing
        assertThat(beyond.path("fits").asBoolean()
                        && beyond.path("config").path("gpuLayers").isNull())
                .isFalse();
    }

    @Test
    void nim_namesItsProfileAndNvidiasPublishedMinimum() throws IOException {
        // DeepSeek-R1: NVIDIA's system card gives 694 GB minimum, 699 GB recommended; 8 x H100 80GB is 687 GB
        JsonNode small =
                plan("plan", "deepseek-r1", "--hardware", "8x-h100-80gb", "--engine", "nim", "--format", "json");
        assertThat(small.path("nimProfile").asText()).isEqualTo("vllm-fp8-tp8-pp1");
        assertThat(small.path("notes").toString()).contains("below the 694 GB").contains("minimum");

        JsonNode large = plan("plan", "deepseek-r1", "--hardware", "8x-h200", "--engine", "nim", "--format", "json");
        assertThat(large.path("fits").asBoolean()).isTrue();
        assertThat(large.path("nimProfile").asText()).isEqualTo("vllm-fp8-tp8-pp1");
        assertThat(large.path("nimAutomaticProfile").asText()).isEqualTo("vllm-fp8-tp8-pp1");
        assertThat(large.path("notes").toString()).doesNotContain("NVIDIA publishes");
        assertThat(large.path("largestContextTokens").asInt()).isEqualTo(163_840);
    }

    private static String[] withContext(String[] base, int context) {
        String[] args = new String[base.length + 2];
        System.arraycopy(base, 0, args, 0, base.length);
        args[base.length] = "--context";
        args[base.length + 1] = Integer.toString(context);
        return args;
    }
}
