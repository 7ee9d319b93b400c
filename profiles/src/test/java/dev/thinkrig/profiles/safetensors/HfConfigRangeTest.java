package dev.thinkrig.profiles.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.modelfile.ModelFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every number config.json gives is range-checked where it is read, naming the file's own key and the range: before,
 * {@code hidden_size: 1e15} or {@code 2^40} overflowed a {@code long} ("long overflow", exit 1), a
 * {@code num_hidden_layers} of two billion ran until memory ran out, and a KV head count that does not divide the heads
 * was reported as {@code attentionHeads} / {@code kvHeads}, names the file does not use (issue 13).
 */
class HfConfigRangeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code fixture} (a published config.json, or "tiny" for a small Qwen2) with {@code key} set to {@code value}. */
    static String with(String fixture, String key, String value) {
        String base = fixture.equals("tiny")
                ? SafetensorsModelReaderTest.config(SafetensorsModelReaderTest.TINY_QWEN2, "Qwen2ForCausalLM", "")
                : HfArchitecturesTest.fixture(fixture);
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(base);
            ObjectNode target = root.has("text_config") ? (ObjectNode) root.get("text_config") : root;
            if (value.equals("missing")) {
                target.remove(key);
            } else {
                target.set(key, JSON.readTree(value));
            }
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HfConfig parse(String json) {
        return HfConfig.parse(json.getBytes(StandardCharsets.UTF_8), "m/config.json");
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "tiny|hidden_size|1e15|hidden_size must be a whole number from 1 to 1,048,576, was 1.0E15",
                "tiny|hidden_size|1099511627776|hidden_size must be a whole number from 1 to 1,048,576, was "
                        + "1099511627776",
                "tiny|hidden_size|-256|hidden_size must be a whole number from 1 to 1,048,576, was -256",
                "tiny|hidden_size|256.5|hidden_size must be a whole number from 1 to 1,048,576, was 256.5",
                "tiny|hidden_size|'\"256\"'|hidden_size must be a whole number from 1 to 1,048,576, was \"256\"",
                "tiny|hidden_size|true|hidden_size must be a whole number from 1 to 1,048,576, was true",
                "tiny|hidden_size|missing|hidden_size must be a whole number from 1 to 1,048,576, was missing",
                "tiny|num_hidden_layers|2000000000|num_hidden_layers must be a whole number from 1 to 4,096, was "
                        + "2000000000",
                "tiny|num_hidden_layers|0|num_hidden_layers must be a whole number from 1 to 4,096, was 0",
                "tiny|num_attention_heads|65536|num_attention_heads must be a whole number from 1 to 4,096, was 65536",
                "tiny|num_key_value_heads|-2|num_key_value_heads must be a whole number from 1 to 4,096, was -2",
                "tiny|num_key_value_heads|3|num_attention_heads (4) must be a multiple of num_key_value_heads (3)",
                "tiny|head_dim|0|head_dim must be a whole number from 1 to 4,096, was 0",
                "tiny|head_dim|1e6|head_dim must be a whole number from 1 to 4,096, was 1000000.0",
                "tiny|intermediate_size|9223372036854775807|intermediate_size must be a whole number from 1 to "
                        + "1,048,576, was 9223372036854775807",
                "tiny|intermediate_size|99999999999999999999|intermediate_size must be a whole number from 1 to "
                        + "1,048,576, was 99999999999999999999",
                "tiny|vocab_size|16777217|vocab_size must be a whole number from 1 to 16,777,216, was 16777217",
                "tiny|max_position_embeddings|1e9|max_position_embeddings must be a whole number from 1 to "
                        + "16,777,216, was 1.0E9",
                "tiny|max_position_embeddings|0|max_position_embeddings must be a whole number from 1 to "
                        + "16,777,216, was 0",
                "Qwen3-30B-A3B|num_experts|1000000|num_experts must be a whole number from 2 to 16,384, was 1000000",
                "Qwen3-30B-A3B|num_experts_per_tok|129|num_experts_per_tok must be a whole number from 1 to "
                        + "num_experts (128), was 129",
                "Qwen3-30B-A3B|num_experts_per_tok|0|num_experts_per_tok must be a whole number from 1 to "
                        + "num_experts (128), was 0",
                "Qwen3-30B-A3B|moe_intermediate_size|1e12|moe_intermediate_size must be a whole number from 1 to "
                        + "1,048,576, was 1.0E12",
                "DeepSeek-R1|n_routed_experts|1|n_routed_experts must be a whole number from 2 to 16,384, was 1",
                "DeepSeek-R1|n_shared_experts|-1|n_shared_experts must be a whole number from 0 to 16,384, was -1",
                "DeepSeek-R1|first_k_dense_replace|61|first_k_dense_replace must be a whole number from 0 to 60, was "
                        + "61",
                "DeepSeek-R1|num_nextn_predict_layers|1e10|num_nextn_predict_layers must be a whole number from 0 to "
                        + "4,096, was 1.0E10",
                "DeepSeek-R1|kv_lora_rank|0|kv_lora_rank must be a whole number from 1 to 1,048,576, was 0",
                "DeepSeek-R1|v_head_dim|100000|v_head_dim must be a whole number from 1 to 4,096, was 100000",
                "gpt-oss-20b|sliding_window|-128|sliding_window must be a whole number from 1 to 16,777,216, was -128",
                "gpt-oss-20b|num_local_experts|'\"32\"'|num_local_experts must be a whole number from 2 to 16,384, was "
                        + "\"32\"",
                "gpt-oss-20b|num_experts_per_tok|33|num_experts_per_tok must be a whole number from 1 to num_local_experts"
                        + " (32), was 33",
                "gemma-3-27b-it|sliding_window_pattern|1|sliding_window_pattern must be a whole number from 2 to "
                        + "4,096, was 1",
            })
    void outOfRange_namesTheFilesKeyAndTheRange(String fixture, String key, String value, String message) {
        String json = with(fixture, key, value);
        if (fixture.startsWith("gemma")) {
            // the pattern is read only where layer_types does not list the layers
            json = json.replace("\"layer_types\"", "\"unused_layer_types\"");
        }
        String config = json;
        assertThatThrownBy(() -> parse(config))
                .isInstanceOf(ModelFileException.class)
                .hasMessage("m/config.json: " + message);
    }

    /** Regression (issue 13): a key given twice kept the last value silently. */
    @Test
    void duplicateKey_isAnErrorNamingTheKeyAndLine() {
        String json = "{\n  \"architectures\": [\"Qwen2ForCausalLM\"],\n  \"hidden_size\": 256,\n"
                + "  \"hidden_size\": 4096\n}";
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(ModelFileException.class)
                .hasMessage("m/config.json: at byte 80: duplicate key 'hidden_size' (line 4)");
    }

    @Test
    void duplicateTensorInTheIndex_isAnError() {
        byte[] index = "{\"weight_map\": {\"a\": \"x.safetensors\", \"a\": \"y.safetensors\"}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SafetensorsModelReader.indexShards(index, "m/model.safetensors.index.json"))
                .isInstanceOf(ModelFileException.class)
                .hasMessageEndingWith("duplicate key 'a' (line 1)");
    }

    @Test
    void publishedConfigs_areInRange() {
        for (String name : List.of(
                "DeepSeek-R1",
                "Magistral-Small-2509",
                "Mistral-Small-24B-Instruct-2501",
                "Qwen3-30B-A3B",
                "gemma-3-1b-it",
                "gemma-3-27b-it",
                "gpt-oss-120b",
                "gpt-oss-20b")) {
            assertThat(parse(HfArchitecturesTest.fixture(name)).layers())
                    .as(name)
                    .isPositive();
        }
    }

    /**
     * Each dimension at its bound is accepted, and those that multiply into the weights are refused together by the
     * parameter bound, with a message rather than an overflow.
     */
    @Test
    void everyBoundAtOnce_isRefusedByTheParameterBound_withoutOverflow() throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(HfArchitecturesTest.fixture("Qwen3-30B-A3B"));
        root.put("num_hidden_layers", 4_096);
        root.put("hidden_size", 1 << 20);
        root.put("intermediate_size", 1 << 20);
        root.put("num_attention_heads", 4_096);
        root.put("num_key_value_heads", 4_096);
        root.put("head_dim", 4_096);
        root.put("vocab_size", 1 << 24);
        root.put("max_position_embeddings", 1 << 24);
        root.put("num_experts", 16_384);
        root.put("num_experts_per_tok", 16_384);
        root.put("moe_intermediate_size", 1 << 20);
        HfConfig config = parse(JSON.writeValueAsString(root));

        assertThatThrownBy(() -> SafetensorsModelReader.summarize("m", Optional.empty(), config, List.of()))
                .isInstanceOf(ModelFileException.class)
                .hasMessage("m/config.json: num_hidden_layers, hidden_size, intermediate_size, the heads, the experts"
                        + " and vocab_size describe 2.22e+20 parameters; thinkrig plans models of at most"
                        + " 281,474,976,710,656 (2^48)");
    }

    @Test
    void aDimensionAtItsBound_isRead(@TempDir Path tmp) throws IOException {
        Path dir = SafetensorsModelReaderTest.checkpoint(
                tmp,
                with("tiny", "max_position_embeddings", "16777216"),
                SafetensorsModelReaderTest.bf16Tensors(SafetensorsModelReaderTest.TINY_QWEN2),
                1);
        ModelFile file = SafetensorsModelReader.read(dir);
        assertThat(file.shape().maxContextTokens()).isEqualTo(1 << 24);
    }
}
