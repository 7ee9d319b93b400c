package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.thinkrig.profiles.gguf.GgufModelReaderTest;
import dev.thinkrig.profiles.gguf.GgufWriter;
import dev.thinkrig.profiles.safetensors.HfArchitecturesTest;
import dev.thinkrig.profiles.safetensors.HfCheckpoint;
import dev.thinkrig.profiles.safetensors.SafetensorsModelReaderTest;
import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightFormat;
import dev.thinkrig.sizing.quant.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code thinkrig plan FILE}: sizing from the bytes a model's own files state. */
class PlanModelFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ModelShape QWEN_32B = GgufModelReaderTest.catalogShape("deepseek-r1-distill-qwen-32b");

    /**
     * A 32B GGUF labelled Q4_K_M (file type 15) whose tensors follow the Q4_K_S recipe, as files made with other
     * recipes differ from llama.cpp's default mix: the plan must use the file's bytes, not the mix's.
     */
    private static Path qwen32bFile(Path dir) throws IOException {
        GgufWriter w = GgufWriter.model(QWEN_32B, Quantization.Q4_K_S, 15, (int) QWEN_32B.vocabSize())
                .string("general.basename", "DeepSeek-R1-Distill-Qwen")
                .string("general.size_label", "32B");
        return w.write(dir.resolve("DeepSeek-R1-Distill-Qwen-32B-Q4_K_M.gguf"));
    }

    @Test
    void plan_ggufFile_sizesFromTheFilesBytes(@TempDir Path dir) throws IOException {
        Path file = qwen32bFile(dir);
        long measured = Weights.of(QWEN_32B, Quantization.Q4_K_S, WeightFormat.GGUF)
                .total()
                .bytes();
        long mixed = Weights.of(QWEN_32B, Quantization.Q4_K_M, WeightFormat.GGUF)
                .total()
                .bytes();

        Cli cli = Cli.run("plan", file.toString(), "--hardware", "dgx-spark", "--format", "json");

        assertThat(cli.exitCode).as(cli.err).isZero();
        JsonNode plan = JSON.readTree(cli.out);
        assertThat(plan.path("config").path("engine").asText()).isEqualTo("ollama");
        assertThat(plan.path("config").path("quantization").asText()).isEqualTo("Q4_K_M");
        assertThat(plan.path("memory").path("weightsBytes").asLong())
                .isEqualTo(measured)
                .isNotEqualTo(mixed);
        // "general.basename-size_label" finds the catalog entry, so its 32,768-token budget applies
        assertThat(plan.path("workload").path("reasoningBudgetTokens").asInt()).isEqualTo(32_768);
        assertThat(plan.path("model").path("name").asText())
                .isEqualTo("DeepSeek-R1-Distill-Qwen-32B (DeepSeek-R1-Distill-Qwen-32B-Q4_K_M.gguf)");
        // only Ollama loads GGUF: vLLM and NIM are not planned, so not listed as rejected for want of a catalog build
        assertThat(plan.path("rejected").toString()).doesNotContain("vllm").doesNotContain("nim");
        assertThat(plan.path("notes").toString())
                .contains("weights measured from " + file + ": Q4_K_M, " + String.format("%,d", measured))
                .contains("from the catalog entry deepseek-r1-distill-qwen-32b");
    }

    @Test
    void plan_ggufFileWithAnotherEngine_isAUsageError(@TempDir Path dir) throws IOException {
        Path file = qwen32bFile(dir);
        Cli cli = Cli.run("plan", file.toString(), "--hardware", "h100-80gb", "--engine", "vllm");
        assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err).contains(file + " is a GGUF model, which ollama loads; vllm loads SAFETENSORS models");
    }

    @Test
    void plan_checkpointDirectory_sizesForVllm(@TempDir Path tmp) throws IOException {
        ModelShape shape = GgufModelReaderTest.catalogShape("deepseek-r1-distill-qwen-7b");
        String config = SafetensorsModelReaderTest.config(shape, "Qwen2ForCausalLM", "")
                .replace("org/Tiny-Model", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
        Path dir = SafetensorsModelReaderTest.checkpoint(
                tmp.resolve("r1-7b"), config, SafetensorsModelReaderTest.bf16Tensors(shape), 2);

        Cli cli = Cli.run("plan", dir.toString(), "--hardware", "h100-80gb", "--format", "json");

        assertThat(cli.exitCode).as(cli.err).isZero();
        JsonNode plan = JSON.readTree(cli.out);
        assertThat(plan.path("config").path("engine").asText()).isEqualTo("vllm");
        assertThat(plan.path("config").path("quantization").asText()).isEqualTo("BF16");
        assertThat(plan.path("memory").path("weightsBytes").asLong()).isEqualTo(2 * shape.parameterCount());
    }

    /**
     * A Qwen3-30B-A3B checkpoint directory (the published config.json, BF16 headers): the plan made from the files
     * equals the plan made from the catalog entry at the same settings, weights, KV cache and speed included.
     */
    @Test
    void plan_moeCheckpointDirectory_equalsTheCatalogPlan(@TempDir Path tmp) throws IOException {
        ModelShape shape = GgufModelReaderTest.catalogShape("qwen3-30b-a3b");
        Path dir = SafetensorsModelReaderTest.checkpoint(
                tmp.resolve("Qwen3-30B-A3B"),
                HfArchitecturesTest.fixture("Qwen3-30B-A3B"),
                HfCheckpoint.tensors(shape, HfCheckpoint.Storage.BF16, "model.", "lm_head.weight"),
                4);
        String[] settings = {
            "--hardware", "h100-80gb", "--engine", "vllm", "--quant", "BF16", "--context", "40960", "--format", "json"
        };

        Cli fromFiles = Cli.run(concat(dir.toString() + "/", settings));
        Cli fromCatalog = Cli.run(concat("qwen3-30b-a3b", settings));

        assertThat(fromFiles.exitCode).as(fromFiles.err).isZero();
        assertThat(fromCatalog.exitCode).as(fromCatalog.err).isZero();
        JsonNode file = JSON.readTree(fromFiles.out);
        JsonNode catalog = JSON.readTree(fromCatalog.out);
        assertThat(file.path("config").path("engine").asText()).isEqualTo("vllm");
        // 2 bytes x 30,532,122,624 parameters, from the headers
        assertThat(file.path("memory").path("weightsBytes").asLong()).isEqualTo(61_064_245_248L);
        assertThat(file.path("memory")).isEqualTo(catalog.path("memory"));
        assertThat(file.path("config")).isEqualTo(catalog.path("config"));
        assertThat(file.path("speed")).isEqualTo(catalog.path("speed"));
        assertThat(file.path("fits").asBoolean()).isEqualTo(catalog.path("fits").asBoolean());
        // the directory's name and the shape, experts included, find the catalog entry and its reasoning budget
        assertThat(file.path("notes").toString()).contains("from the catalog entry qwen3-30b-a3b");
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 2];
        all[0] = "plan";
        all[1] = first;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }

    @Test
    void plan_unknownArchitectureFile_exitsBadFileWithTheReason(@TempDir Path dir) throws IOException {
        Path file = new GgufWriter().string("general.architecture", "mamba").write(dir.resolve("g.gguf"));
        Cli cli = Cli.run("plan", file.toString(), "--hardware", "dgx-spark");
        assertThat(cli.exitCode).isEqualTo(ExitCode.BAD_PROFILE.code);
        assertThat(cli.err)
                .isEqualTo("thinkrig: " + file + ": unknown architecture 'mamba' (known: llama, qwen2, qwen3,"
                        + " qwen3moe, deepseek2, gpt-oss, gemma3, phi3)" + System.lineSeparator());
    }

    /**
     * Regression (issue 13): {@code hidden_size: 1e15} and {@code 2^40} ended in "long overflow", exit 1, and a KV head
     * count that does not divide the heads was reported with sizing's field names ({@code attentionHeads}); a number out
     * of range is a bad file (exit 5) naming the file, its key and the range.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "hidden_size|1e15|hidden_size must be a whole number from 1 to 1,048,576, was 1.0E15",
                "hidden_size|1099511627776|hidden_size must be a whole number from 1 to 1,048,576, was 1099511627776",
                "num_hidden_layers|2000000000|num_hidden_layers must be a whole number from 1 to 4,096, was 2000000000",
                "num_key_value_heads|3|num_attention_heads (4) must be a multiple of num_key_value_heads (3)"
            })
    void plan_checkpointWithAnOutOfRangeNumber_exitsBadFileNamingTheKey(
            String key, String value, String message, @TempDir Path tmp) throws IOException {
        ModelShape shape = SafetensorsModelReaderTest.TINY_QWEN2;
        String config = SafetensorsModelReaderTest.config(shape, "Qwen2ForCausalLM", "")
                .replaceFirst("\"" + key + "\":[0-9]+", "\"" + key + "\":" + value);
        Path dir = SafetensorsModelReaderTest.checkpoint(
                tmp.resolve("m"), config, SafetensorsModelReaderTest.bf16Tensors(shape), 1);

        Cli cli = Cli.run("plan", dir.toString(), "--hardware", "h100-80gb");

        assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCode.BAD_PROFILE.code);
        assertThat(cli.err)
                .isEqualTo("thinkrig: " + dir.resolve("config.json") + ": " + message + System.lineSeparator());
    }

    /**
     * A file whose dimensions are each in range but multiply past the parameter bound is refused with a message, not a
     * {@code long} overflow; one just under it plans (fits or not) without one.
     */
    @Test
    void plan_checkpointAtTheBounds_plansOrRefusesWithoutOverflow(@TempDir Path tmp) throws IOException {
        ModelShape shape = SafetensorsModelReaderTest.TINY_QWEN2;
        String huge = SafetensorsModelReaderTest.config(shape, "Qwen2ForCausalLM", "")
                .replace("\"num_hidden_layers\":3", "\"num_hidden_layers\":4096")
                .replace("\"hidden_size\":256", "\"hidden_size\":1048576")
                .replace("\"intermediate_size\":512", "\"intermediate_size\":1048576");
        Path dir = SafetensorsModelReaderTest.checkpoint(
                tmp.resolve("huge"), huge, SafetensorsModelReaderTest.bf16Tensors(shape), 1);

        Cli cli = Cli.run("plan", dir.toString(), "--hardware", "h100-80gb");

        assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCode.BAD_PROFILE.code);
        assertThat(cli.err).contains(dir.resolve("config.json") + ": num_hidden_layers, hidden_size,");

        // 64 layers of 4,096 heads x 4,096 wide over a 2^24 vocabulary and context: 2^40 parameters (a 2 TiB sparse
        // file), 4 GiB of KV cache per token
        ModelShape wide = new ModelShape(
                Architecture.QWEN2, 64, 256, 512, 4_096, 4_096, 4_096, 1 << 24, 1 << 24, false, true, false);
        Path wideDir = SafetensorsModelReaderTest.checkpoint(
                tmp.resolve("wide"),
                SafetensorsModelReaderTest.config(wide, "Qwen2ForCausalLM", ",\"head_dim\":4096"),
                SafetensorsModelReaderTest.bf16Tensors(wide),
                1);

        Cli plan = Cli.run("plan", wideDir.toString(), "--hardware", "8x-h100-80gb", "--format", "json");

        assertThat(plan.exitCode).as(plan.err).isIn(ExitCode.OK.code, ExitCode.DOES_NOT_FIT.code);
        assertThat(plan.err).doesNotContain("overflow");

        // the largest workload the options allow on that shape: 4 GiB a token x 2^24 tokens x 65,536 sequences is 2^72
        // bytes, past what a long counts; exact arithmetic stops it, and the user reads what to lower
        Cli extreme = Cli.run(
                "plan",
                wideDir.toString(),
                "--hardware",
                "8x-h100-80gb",
                "--samples",
                "256",
                "--concurrency",
                "256",
                "--context",
                Integer.toString(1 << 24));
        assertThat(extreme.exitCode).as(extreme.err).isIn(ExitCode.USAGE.code, ExitCode.DOES_NOT_FIT.code);
        assertThat(extreme.err).doesNotContainIgnoringCase("overflow");
        if (extreme.exitCode == ExitCode.USAGE.code) {
            assertThat(extreme.err).contains("--samples, --concurrency or --context");
        }
    }

    @Test
    void plan_notAGgufFile_givesTheOffset(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.gguf"), "hello, world");
        Cli cli = Cli.run("plan", file.toString(), "--hardware", "dgx-spark");
        assertThat(cli.exitCode).isEqualTo(ExitCode.BAD_PROFILE.code);
        assertThat(cli.err).contains(file + ": at byte 0: not a GGUF file: the magic is 0x6c6c6568");
    }

    @Test
    void plan_missingFile_saysSo() {
        Cli cli = Cli.run("plan", "./no-such-model.gguf", "--hardware", "dgx-spark");
        assertThat(cli.exitCode).isEqualTo(ExitCode.BAD_PROFILE.code);
        assertThat(cli.err).contains("./no-such-model.gguf: no such file or directory");
    }

    @Test
    void plan_fileTypeThinkrigDoesNotRank_saysWhichItPlans(@TempDir Path dir) throws IOException {
        Path file = GgufWriter.model(GgufModelReaderTest.TINY_QWEN3, Quantization.Q8_0, 11, 1000)
                .write(dir.resolve("tiny.gguf"));
        Cli cli = Cli.run("plan", file.toString(), "--hardware", "dgx-spark");
        assertThat(cli.exitCode).isEqualTo(ExitCode.BAD_PROFILE.code);
        assertThat(cli.err).contains("thinkrig cannot plan Q3_K_S weights yet (it plans BF16, F16, Q8_0,");
    }

    @Test
    void plan_unmatchedFile_assumesABudgetAndSaysSo(@TempDir Path dir) throws IOException {
        Path file = GgufWriter.model(GgufModelReaderTest.TINY_QWEN3, Quantization.Q8_0, 7, 1000)
                .write(dir.resolve("tiny.gguf"));
        Cli cli = Cli.run(
                "plan",
                file.toString(),
                "--hardware",
                "dgx-spark",
                "--prompt-tokens",
                "512",
                "--answer-tokens",
                "512",
                "--format",
                "json");
        assertThat(cli.exitCode).as(cli.err).isZero();
        JsonNode plan = JSON.readTree(cli.out);
        // TINY_QWEN3 has a 4,096-token context: half of it is assumed
        assertThat(plan.path("workload").path("reasoningBudgetTokens").asInt()).isEqualTo(2048);
        assertThat(plan.path("notes").toString())
                .contains("no catalog model matches this file; assumed a reasoning budget of 2,048 tokens");
    }
}
