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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code thinkrig models --local}: what the local Ollama store and Hugging Face cache hold. */
class ModelsLocalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelShape QWEN_7B = GgufModelReaderTest.catalogShape("deepseek-r1-distill-qwen-7b");

    /** An Ollama store with a catalog model, an unknown one and a broken manifest; a cache with one checkpoint. */
    static Map<String, String> stores(Path tmp) throws IOException {
        Path ollama = tmp.resolve("ollama");
        GgufWriter gguf = GgufWriter.model(QWEN_7B, Quantization.Q4_K_M, 15, 16);
        StoreWriter.ollamaModel(ollama, "registry.ollama.ai", "library", "deepseek-r1", "7b", gguf);
        StoreWriter.ollamaModel(ollama, "registry.ollama.ai", "library", "my-r1", "7b", gguf);
        StoreWriter.writeManifest(ollama, "registry.ollama.ai", "library", "broken", "latest", "not json");
        StoreWriter.huggingFaceRepo(
                tmp.resolve("hf"),
                "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
                SafetensorsModelReaderTest.config(QWEN_7B, "Qwen2ForCausalLM", ""),
                SafetensorsModelReaderTest.bf16Tensors(QWEN_7B),
                2);
        return Map.of(
                "OLLAMA_MODELS", ollama.toString(),
                "HF_HUB_CACHE", tmp.resolve("hf").toString());
    }

    @Test
    void modelsLocal_json_listsBothStoresWithSizesAndCatalogIds(@TempDir Path tmp) throws IOException {
        Map<String, String> env = stores(tmp);
        Cli cli = Cli.run(env, false, "models", "--local", "--format", "json");

        assertThat(cli.exitCode).as(cli.err).isZero();
        JsonNode listing = JSON.readTree(cli.out);
        assertThat(listing.path("ollamaStore").asText()).isEqualTo(env.get("OLLAMA_MODELS"));
        JsonNode models = listing.path("models");
        assertThat(models).hasSize(4);
        assertThat(models.get(0).path("name").asText()).isEqualTo("broken:latest");
        assertThat(models.get(0).path("sizeBytes").isNull()).isTrue();
        assertThat(models.get(0).path("problem").asText()).contains("not an Ollama manifest");
        assertThat(models.get(1).path("name").asText()).isEqualTo("deepseek-r1:7b");
        assertThat(models.get(1).path("catalogId").asText()).isEqualTo("deepseek-r1-distill-qwen-7b");
        assertThat(models.get(1).path("sizeBytes").asLong())
                .isEqualTo(
                        GgufWriter.model(QWEN_7B, Quantization.Q4_K_M, 15, 16).fileSize());
        assertThat(models.get(2).path("name").asText()).isEqualTo("my-r1:7b");
        assertThat(models.get(2).path("catalogId").isNull()).isTrue();
        JsonNode hf = models.get(3);
        assertThat(hf.path("store").asText()).isEqualTo("huggingface");
        assertThat(hf.path("name").asText()).isEqualTo("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
        assertThat(hf.path("format").asText()).isEqualTo("SAFETENSORS");
        assertThat(hf.path("catalogId").asText()).isEqualTo("deepseek-r1-distill-qwen-7b");
        assertThat(hf.path("sizeBytes").asLong()).isGreaterThan(2 * QWEN_7B.parameterCount());
    }

    @Test
    void modelsLocal_table_showsEveryEntryAndWhereTheStoresAre(@TempDir Path tmp) throws IOException {
        Cli cli = Cli.run(stores(tmp), false, "models", "--local");
        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out)
                .contains("my-r1:7b")
                .contains("deepseek-r1-distill-qwen-7b")
                .contains("unreadable: ")
                .contains("Ollama store: " + tmp.resolve("ollama"));
    }

    @Test
    void modelsLocal_noStores_saysSo(@TempDir Path tmp) {
        Cli cli = Cli.run(Map.of("OLLAMA_MODELS", tmp.resolve("none").toString()), false, "models", "--local");
        assertThat(cli.exitCode).isZero();
        assertThat(cli.out).contains("(no models)");
        assertThat(Files.exists(tmp.resolve("none"))).isFalse();
    }
}
