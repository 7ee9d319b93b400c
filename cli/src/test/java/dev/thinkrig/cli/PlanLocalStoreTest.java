package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.thinkrig.profiles.gguf.GgufModelReaderTest;
import dev.thinkrig.profiles.gguf.GgufWriter;
import dev.thinkrig.profiles.safetensors.SafetensorsModelReaderTest;
import dev.thinkrig.profiles.store.StoreWriter;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.quant.Quantization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code thinkrig plan NAME} for a name the catalog does not know but the local Ollama store or HF cache holds. */
class PlanLocalStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelShape QWEN_7B = GgufModelReaderTest.catalogShape("deepseek-r1-distill-qwen-7b");

    private static Map<String, String> env(Path tmp) {
        return Map.of(
                "OLLAMA_MODELS", tmp.resolve("ollama").toString(),
                "HF_HUB_CACHE", tmp.resolve("hf").toString());
    }

    private static GgufWriter qwen7b() {
        return GgufWriter.model(QWEN_7B, Quantization.Q8_0, 7, 16);
    }

    private static Cli plan(Path tmp, String name) {
        return Cli.run(env(tmp), false, "plan", name, "--hardware", "dgx-spark", "--format", "json");
    }

    @Test
    void plan_ollamaName_plansFromTheBlobsHeader_inEverySpelling(@TempDir Path tmp) throws IOException {
        StoreWriter.ollamaModel(tmp.resolve("ollama"), "registry.ollama.ai", "library", "my-r1", "7b", qwen7b());
        for (String name : List.of("my-r1:7b", "library/my-r1:7b", "registry.ollama.ai/library/my-r1:7b")) {
            Cli cli = plan(tmp, name);
            assertThat(cli.exitCode).as(cli.err).isZero();
            JsonNode plan = JSON.readTree(cli.out);
            assertThat(plan.path("model").path("id").asText()).isEqualTo("my-r1:7b");
            assertThat(plan.path("config").path("engine").asText()).isEqualTo("ollama");
            assertThat(plan.path("config").path("quantization").asText()).isEqualTo("Q8_0");
            assertThat(plan.path("notes").toString())
                    .contains("weights measured from my-r1:7b")
                    .contains("Ollama blob ");
        }
    }

    @Test
    void plan_catalogNameWins_overTheStore(@TempDir Path tmp) throws IOException {
        // a 7B file stored under the catalog's tag: the catalog entry (32B) is what "deepseek-r1:32b" means
        StoreWriter.ollamaModel(tmp.resolve("ollama"), "registry.ollama.ai", "library", "deepseek-r1", "32b", qwen7b());
        Cli cli = plan(tmp, "deepseek-r1:32b");
        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(JSON.readTree(cli.out).path("model").path("id").asText()).isEqualTo("deepseek-r1-distill-qwen-32b");
    }

    @Test
    void plan_qualifiedOllamaNameOfACatalogModel_isTheCatalogModel(@TempDir Path tmp) throws IOException {
        for (String name : List.of("library/deepseek-r1:32b", "registry.ollama.ai/library/deepseek-r1:32b")) {
            Cli cli = plan(tmp, name);
            assertThat(cli.exitCode).as(cli.err).isZero();
            assertThat(JSON.readTree(cli.out).path("model").path("id").asText())
                    .isEqualTo("deepseek-r1-distill-qwen-32b");
        }
    }

    @Test
    void plan_huggingFaceRepo_plansTheCachedSnapshot(@TempDir Path tmp) throws IOException {
        StoreWriter.huggingFaceRepo(
                tmp.resolve("hf"),
                "someorg/My-R1-7B",
                SafetensorsModelReaderTest.config(QWEN_7B, "Qwen2ForCausalLM", ""),
                SafetensorsModelReaderTest.bf16Tensors(QWEN_7B),
                2);
        Cli cli = Cli.run(env(tmp), false, "plan", "someorg/My-R1-7B", "--hardware", "h100-80gb", "--format", "json");
        assertThat(cli.exitCode).as(cli.err).isZero();
        JsonNode plan = JSON.readTree(cli.out);
        assertThat(plan.path("config").path("engine").asText()).isEqualTo("vllm");
        assertThat(plan.path("memory").path("weightsBytes").asLong()).isEqualTo(2 * QWEN_7B.parameterCount());
        assertThat(plan.path("notes").toString()).contains("Hugging Face cache ");
    }

    @Test
    void plan_hostileManifest_exitsBadFileNamingTheManifest(@TempDir Path tmp) throws IOException {
        Path manifest = StoreWriter.writeManifest(
                tmp.resolve("ollama"), "registry.ollama.ai", "library", "evil", "latest", "<html>");
        Cli cli = plan(tmp, "evil");
        assertThat(cli.exitCode).isEqualTo(ExitCode.BAD_PROFILE.code);
        assertThat(cli.err).startsWith("thinkrig: " + manifest + ": at byte 0: not an Ollama manifest");
    }

    @Test
    void plan_missingBlob_exitsBadFileNamingTheManifest(@TempDir Path tmp) throws IOException {
        Path blob =
                StoreWriter.ollamaModel(tmp.resolve("ollama"), "registry.ollama.ai", "library", "gone", "1b", qwen7b());
        Files.delete(blob);
        Cli cli = plan(tmp, "gone:1b");
        assertThat(cli.exitCode).isEqualTo(ExitCode.BAD_PROFILE.code);
        assertThat(cli.err)
                .contains("manifests/registry.ollama.ai/library/gone/1b: the model blob ")
                .contains("is missing");
    }

    @Test
    void plan_nameInNoStore_isStillAnUnknownModel(@TempDir Path tmp) {
        Cli cli = plan(tmp, "nothing-here:7b");
        assertThat(cli.exitCode).isEqualTo(ExitCode.UNKNOWN_NAME.code);
    }
}
