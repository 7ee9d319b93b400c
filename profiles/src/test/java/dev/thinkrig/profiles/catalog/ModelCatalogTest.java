package dev.thinkrig.profiles.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.profiles.ProfileException;
import dev.thinkrig.profiles.UnknownNameException;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.quant.Quantization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelCatalogTest {

    private static final List<String> REQUIRED = List.of(
            "deepseek-r1-distill-qwen-1.5b",
            "deepseek-r1-distill-qwen-7b",
            "deepseek-r1-distill-qwen-14b",
            "deepseek-r1-distill-qwen-32b",
            "deepseek-r1-distill-llama-8b",
            "deepseek-r1-distill-llama-70b",
            "qwq-32b",
            "qwen3-8b",
            "qwen3-14b",
            "qwen3-32b",
            "deepseek-r1-0528-qwen3-8b",
            "llama-3.3-70b-instruct",
            "olympiccoder-7b",
            "qwen3-30b-a3b",
            "qwen3-235b-a22b",
            "gpt-oss-20b",
            "gpt-oss-120b",
            "deepseek-r1",
            "deepseek-r1-0528",
            "phi-4-reasoning",
            "magistral-small-2506");

    /** The shipped QwQ-32B file, for tests that write altered copies of it. */
    private static String shippedQwq() throws IOException {
        try (var in = ModelCatalogTest.class.getResourceAsStream("/dev/thinkrig/profiles/models/qwq-32b.yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyShippedFileParses_andTheRequiredModelsAreThere() {
        List<ModelEntry> shipped = ModelCatalog.shipped();
        assertThat(shipped).extracting(ModelEntry::id).containsAll(REQUIRED);
        for (ModelEntry e : shipped) {
            // toSpec builds the sizing shape; checked() compared the parameter count with it on load
            assertThat(e.toSpec().shape().layers()).as(e.id()).isPositive();
            assertThat(e.serving().ollama().isEmpty() && e.serving().vllm().isEmpty())
                    .as(e.id() + " is served by some engine")
                    .isFalse();
        }
    }

    @Test
    void reasoningModels_haveAParserAndABudget() {
        for (ModelEntry e : ModelCatalog.shipped()) {
            if (!e.reasoning().mode().equals("none")) {
                assertThat(e.reasoning().vllmReasoningParser()).as(e.id()).isNotBlank();
                assertThat(e.reasoning().defaultBudgetTokens()).as(e.id()).isPositive();
            }
        }
    }

    @Test
    void defaultBudget_leavesRoomForAPromptAndAnAnswer() {
        // regression: OlympicCoder-7B shipped a 32,768-token budget for its 32,768-token context, so the default plan
        // could never be made; 4,096 is the default prompt plus answer (PlanOptions)
        for (ModelEntry e : ModelCatalog.shipped()) {
            assertThat(e.reasoning().defaultBudgetTokens() + 4096)
                    .as(e.id())
                    .isLessThanOrEqualTo(e.shape().maxContextTokens());
        }
    }

    @Test
    void resolve_acceptsIdOllamaTagAndHuggingFaceRepo() {
        ModelCatalog catalog = ModelCatalog.load(Path.of("/nonexistent"));
        assertThat(catalog.resolve("deepseek-r1-distill-qwen-32b").entry().id())
                .isEqualTo("deepseek-r1-distill-qwen-32b");
        assertThat(catalog.resolve("deepseek-r1:32b").entry().id()).isEqualTo("deepseek-r1-distill-qwen-32b");
        assertThat(catalog.resolve("deepseek-ai/DeepSeek-R1-Distill-Qwen-32B")
                        .entry()
                        .id())
                .isEqualTo("deepseek-r1-distill-qwen-32b");
        assertThat(catalog.resolve("QwQ-32B").entry().id()).isEqualTo("qwq-32b");
    }

    @Test
    void resolve_quantizedOllamaTag_fixesTheQuantization() {
        ModelCatalog.Resolved r =
                ModelCatalog.load(Path.of("/nonexistent")).resolve("deepseek-r1:32b-qwen-distill-q8_0");
        assertThat(r.entry().id()).isEqualTo("deepseek-r1-distill-qwen-32b");
        assertThat(r.quantization()).contains(Quantization.Q8_0);
    }

    @Test
    void resolve_unknownModel_suggestsTheClosest() {
        ModelCatalog catalog = ModelCatalog.load(Path.of("/nonexistent"));
        assertThatThrownBy(() -> catalog.resolve("qwq-23b"))
                .isInstanceOf(UnknownNameException.class)
                .hasMessageContaining("unknown model 'qwq-23b'")
                .hasMessageContaining("qwq-32b");
    }

    @Test
    void userFile_overridesShippedEntry(@TempDir Path dir) throws IOException {
        String text = shippedQwq();
        Files.writeString(
                dir.resolve("qwq-32b.yaml"), text.replace("defaultBudgetTokens: 32768", "defaultBudgetTokens: 1000"));
        ModelCatalog catalog = ModelCatalog.load(dir);
        assertThat(catalog.resolve("qwq-32b").entry().reasoning().defaultBudgetTokens())
                .isEqualTo(1000);
        assertThat(catalog.entries()).filteredOn(e -> e.id().equals("qwq-32b")).hasSize(1);
    }

    @Test
    void unknownKey_isAnErrorWithFileLineAndColumn(@TempDir Path dir) throws IOException {
        String text = shippedQwq();
        // the regression STYLE.md names: a misspelt key is an error at its position, not silently ignored
        String bad = text.replace("  kvHeads: 8", "  kv_head: 8");
        int line = bad.substring(0, bad.indexOf("kv_head")).split("\n", -1).length;
        Files.writeString(dir.resolve("qwq-32b.yaml"), bad);
        assertThatThrownBy(() -> ModelCatalog.load(dir))
                .isInstanceOf(ProfileException.class)
                .hasMessageMatching(".*qwq-32b\\.yaml:" + line + ":3: unknown field 'kv_head'");
    }

    @Test
    void malformedYaml_isAnErrorWithPosition(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), "id: broken\nshape: [1, 2\nname: x\n");
        assertThatThrownBy(() -> ModelCatalog.load(dir))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("broken.yaml:");
    }

    @Test
    void negativeNumbers_areRejectedWithTheField(@TempDir Path dir) throws IOException {
        String text = shippedQwq();
        Files.writeString(dir.resolve("qwq-32b.yaml"), text.replace("  layers: 64", "  layers: -64"));
        assertThatThrownBy(() -> ModelCatalog.load(dir))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("qwq-32b.yaml:")
                .hasMessageContaining("shape.layers must be a whole number from 1 to 4,096, was -64");
    }

    /**
     * A user's catalog file is bounded like config.json (issue 13): before, {@code hiddenSize} 2^40 ended in "long
     * overflow" and {@code layers} 2,000,000,000 ran out of memory.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "  hiddenSize: 5120|  hiddenSize: 1099511627776|shape.hiddenSize must be a whole number from 1 to "
                        + "1,048,576, was 1099511627776",
                "  layers: 64|  layers: 2000000000|shape.layers must be a whole number from 1 to 4,096, was 2000000000",
                "  maxContextTokens: 131072|  maxContextTokens: 1000000000|shape.maxContextTokens must be a whole "
                        + "number from 1 to 16,777,216, was 1000000000",
                "  defaultBudgetTokens: 32768|  defaultBudgetTokens: 2147483647|reasoning.defaultBudgetTokens must be a"
                        + " whole number from 0 to 16,777,216, was 2147483647",
            })
    void shapeOutOfRange_isAnErrorAtTheKeyWithTheRange(String from, String to, String message, @TempDir Path dir)
            throws IOException {
        String bad = shippedQwq().replace(from, to);
        int line = bad.substring(0, bad.indexOf(to)).split("\n", -1).length;
        Files.writeString(dir.resolve("qwq-32b.yaml"), bad);
        assertThatThrownBy(() -> ModelCatalog.load(dir))
                .isInstanceOf(ProfileException.class)
                .hasMessage(dir.resolve("qwq-32b.yaml") + ":" + line + ":3: " + message);
    }

    /** Regression (issue 13): a key given twice in a catalog file kept the last value silently. */
    @Test
    void duplicateKey_isAnErrorWithFileLineAndKey(@TempDir Path dir) throws IOException {
        String text = shippedQwq();
        String bad = text.replace("  layers: 64\n", "  layers: 64\n  layers: 32\n");
        int line = bad.substring(0, bad.indexOf("layers: 32")).split("\n", -1).length;
        Files.writeString(dir.resolve("qwq-32b.yaml"), bad);
        assertThatThrownBy(() -> ModelCatalog.load(dir))
                .isInstanceOf(ProfileException.class)
                .hasMessageMatching(".*qwq-32b\\.yaml:" + line + ":\\d+: duplicate key 'layers'");
    }

    /** Regression (issue 13): Jackson's type names ({@code java.lang.Integer}) reached the user. */
    @Test
    void wrongType_saysWhatIsExpected_withoutJavaTypeNames(@TempDir Path dir) throws IOException {
        String text = shippedQwq();
        Files.writeString(dir.resolve("qwq-32b.yaml"), text.replace("  layers: 64", "  layers: sixty-four"));
        assertThatThrownBy(() -> ModelCatalog.load(dir))
                .isInstanceOf(ProfileException.class)
                .hasMessageEndingWith("shape.layers must be a whole number, was 'sixty-four'")
                .message()
                .doesNotContain("java.lang")
                .doesNotContain("Exception");
    }

    @Test
    void parameterCount_mustAgreeWithShape(@TempDir Path dir) throws IOException {
        String text = shippedQwq();
        Files.writeString(
                dir.resolve("qwq-32b.yaml"), text.replace("intermediateSize: 27648", "intermediateSize: 13824"));
        assertThatThrownBy(() -> ModelCatalog.load(dir))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("does not match the shape");
    }

    @Test
    void toSpec_keepsServingsPerEngine() {
        ModelEntry qwen32 = ModelCatalog.load(Path.of("/nonexistent"))
                .resolve("deepseek-r1-distill-qwen-32b")
                .entry();
        assertThat(qwen32.toSpec().quantizationsFor(Engine.OLLAMA)).contains(Quantization.Q4_K_M, Quantization.Q8_0);
        assertThat(qwen32.toSpec().quantizationsFor(Engine.VLLM)).contains(Quantization.BF16);
    }
}
