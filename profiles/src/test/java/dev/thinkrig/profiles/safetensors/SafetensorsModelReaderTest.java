package dev.thinkrig.profiles.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.modelfile.ModelFile;
import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.Tensor;
import dev.thinkrig.sizing.model.TensorRole;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightFormat;
import dev.thinkrig.sizing.quant.Weights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class SafetensorsModelReaderTest {

    /** A small Qwen2-like model: q/k/v biases, untied embeddings. */
    public static final ModelShape TINY_QWEN2 =
            new ModelShape(Architecture.QWEN2, 3, 256, 512, 4, 2, 64, 1000, 8192, false, true, false);

    public static String config(ModelShape s, String architectureClass, String extra) {
        return "{\"architectures\":[\"" + architectureClass + "\"],\"_name_or_path\":\"org/Tiny-Model\","
                + "\"num_hidden_layers\":" + s.layers() + ",\"hidden_size\":" + s.hiddenSize()
                + ",\"intermediate_size\":" + s.intermediateSize() + ",\"num_attention_heads\":" + s.attentionHeads()
                + ",\"num_key_value_heads\":" + s.kvHeads() + ",\"vocab_size\":" + s.vocabSize()
                + ",\"max_position_embeddings\":" + s.maxContextTokens() + ",\"tie_word_embeddings\":"
                + s.tiedEmbeddings() + ",\"torch_dtype\":\"bfloat16\"" + extra + "}";
    }

    /** The Hugging Face name of a llama.cpp tensor name (convert_hf_to_gguf.py's mapping, reversed). */
    public static String hfName(Tensor t) {
        String n = t.name();
        if (n.equals("token_embd.weight")) {
            return "model.embed_tokens.weight";
        } else if (n.equals("output.weight")) {
            return "lm_head.weight";
        } else if (n.equals("output_norm.weight")) {
            return "model.norm.weight";
        }
        String rest = n.substring(n.indexOf('.', 4) + 1);
        String mapped = Map.ofEntries(
                        Map.entry("attn_norm", "input_layernorm"),
                        Map.entry("ffn_norm", "post_attention_layernorm"),
                        Map.entry("attn_q", "self_attn.q_proj"),
                        Map.entry("attn_k", "self_attn.k_proj"),
                        Map.entry("attn_v", "self_attn.v_proj"),
                        Map.entry("attn_output", "self_attn.o_proj"),
                        Map.entry("attn_q_norm", "self_attn.q_norm"),
                        Map.entry("attn_k_norm", "self_attn.k_norm"),
                        Map.entry("ffn_gate", "mlp.gate_proj"),
                        Map.entry("ffn_up", "mlp.up_proj"),
                        Map.entry("ffn_down", "mlp.down_proj"))
                .get(rest.substring(0, rest.indexOf('.')));
        return "model.layers." + t.layer() + "." + mapped + rest.substring(rest.indexOf('.'));
    }

    /** Every tensor of {@code shape} in 16-bit, as transformers saves it (row-major: [out, in]). */
    public static List<Object[]> bf16Tensors(ModelShape shape) {
        List<Object[]> out = new ArrayList<>();
        for (Tensor t : shape.tensors()) {
            long[] dims =
                    t.role() == TensorRole.VECTOR ? new long[] {t.rowLength()} : new long[] {t.rows(), t.rowLength()};
            out.add(new Object[] {hfName(t), SafetensorsDtype.BF16, dims});
        }
        return out;
    }

    /**
     * AutoAWQ's GEMM layout for the block linears (qweight int32 [in, out/8], qzeros int32 [in/128, out/8], scales
     * fp16 [in/128, out]); everything else fp16.
     */
    public static List<Object[]> awqTensors(ModelShape shape) {
        List<Object[]> out = new ArrayList<>();
        for (Tensor t : shape.tensors()) {
            String name = hfName(t);
            if (t.role().isBlockLinear()) {
                String base = name.substring(0, name.length() - ".weight".length());
                long in = t.rowLength();
                long outDim = t.rows();
                out.add(new Object[] {base + ".qweight", SafetensorsDtype.I32, new long[] {in, outDim / 8}});
                out.add(new Object[] {base + ".qzeros", SafetensorsDtype.I32, new long[] {in / 128, outDim / 8}});
                out.add(new Object[] {base + ".scales", SafetensorsDtype.F16, new long[] {in / 128, outDim}});
            } else if (t.role() == TensorRole.VECTOR) {
                out.add(new Object[] {name, SafetensorsDtype.F16, new long[] {t.rowLength()}});
            } else {
                out.add(new Object[] {name, SafetensorsDtype.F16, new long[] {t.rows(), t.rowLength()}});
            }
        }
        return out;
    }

    /** Writes a checkpoint: config.json, and the tensors in {@code shards} files (with an index when more than one). */
    public static Path checkpoint(Path dir, String config, List<Object[]> tensors, int shards) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), config);
        int per = (tensors.size() + shards - 1) / shards;
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (int s = 0; s < shards; s++) {
            String file =
                    shards == 1 ? "model.safetensors" : String.format("model-%05d-of-%05d.safetensors", s + 1, shards);
            SafetensorsWriter w = new SafetensorsWriter().metadata(Map.of("format", "pt"));
            for (Object[] t : tensors.subList(s * per, Math.min(tensors.size(), (s + 1) * per))) {
                w.tensor((String) t[0], (SafetensorsDtype) t[1], (long[]) t[2]);
                weightMap.put((String) t[0], file);
            }
            w.write(dir.resolve(file));
        }
        if (shards > 1) {
            StringBuilder json = new StringBuilder("{\"metadata\":{},\"weight_map\":{");
            weightMap.forEach((k, v) ->
                    json.append('"').append(k).append("\":\"").append(v).append("\","));
            json.setLength(json.length() - 1);
            Files.writeString(dir.resolve("model.safetensors.index.json"), json.append("}}"));
        }
        return dir;
    }

    @Test
    void read_bf16Checkpoint_equalsTheShapesTensorList(@TempDir Path tmp) throws IOException {
        Path dir = checkpoint(
                tmp.resolve("Tiny-Model"), config(TINY_QWEN2, "Qwen2ForCausalLM", ""), bf16Tensors(TINY_QWEN2), 1);

        ModelFile m = SafetensorsModelReader.read(dir);

        assertThat(m.format()).isEqualTo(WeightFormat.SAFETENSORS);
        assertThat(m.shape()).isEqualTo(TINY_QWEN2);
        assertThat(m.quantization()).contains(Quantization.BF16);
        assertThat(m.quantizationName()).isEqualTo("bfloat16");
        // every tensor in BF16: 2 bytes per parameter, split exactly as sizing splits it
        assertThat(m.totalBytes()).isEqualTo(2 * TINY_QWEN2.parameterCount());
        assertThat(m.weights()).isEqualTo(Weights.of(TINY_QWEN2, Quantization.BF16, WeightFormat.SAFETENSORS));
        assertThat(m.name()).isEqualTo("org/Tiny-Model");
        assertThat(m.nameHints()).containsExactly("org/Tiny-Model", "Tiny-Model");
    }

    @Test
    void read_awqShardedCheckpoint_measuresSizingsInt4Layout(@TempDir Path tmp) throws IOException {
        String q = ",\"quantization_config\":{\"quant_method\":\"awq\",\"bits\":4,\"group_size\":128,"
                + "\"version\":\"gemm\",\"zero_point\":true}";
        Path dir = checkpoint(tmp.resolve("awq"), config(TINY_QWEN2, "Qwen2ForCausalLM", q), awqTensors(TINY_QWEN2), 3);

        ModelFile m = SafetensorsModelReader.read(dir);

        assertThat(m.quantization()).contains(Quantization.AWQ);
        assertThat(m.quantizationName()).isEqualTo("AWQ 4-bit, group 128");
        assertThat(m.notes()).contains("read 3 shards");
        // AutoAWQ's bytes per 256 weights: 128 (int4) + 1 (int4 zeros per 128) + 4 (fp16 scales per 128) = 133,
        // the INT4_G128 block sizing uses: the measured file equals the computed one
        assertThat(m.weights()).isEqualTo(Weights.of(TINY_QWEN2, Quantization.AWQ, WeightFormat.SAFETENSORS));
        assertThat(m.weights().parameters()).isEqualTo(TINY_QWEN2.parameterCount());
    }

    @Test
    void read_indexPointingOutsideTheDirectory_rejected(@TempDir Path tmp) throws IOException {
        Path dir = checkpoint(tmp.resolve("m"), config(TINY_QWEN2, "Qwen2ForCausalLM", ""), bf16Tensors(TINY_QWEN2), 1);
        Files.writeString(
                dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\":{\"a\":\"../../etc/passwd.safetensors\"}}");
        assertThatThrownBy(() -> SafetensorsModelReader.read(dir))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining(
                        "points at '../../etc/passwd.safetensors', not a .safetensors file in this directory");
    }

    @Test
    void read_missingShard_namesIt(@TempDir Path tmp) throws IOException {
        Path dir = checkpoint(tmp.resolve("m"), config(TINY_QWEN2, "Qwen2ForCausalLM", ""), bf16Tensors(TINY_QWEN2), 2);
        Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
        assertThatThrownBy(() -> SafetensorsModelReader.read(dir))
                .hasMessageEndingWith("model-00002-of-00002.safetensors: no such file");
    }

    @Test
    void read_noWeights_saysWhatIsMissing(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("config.json"), config(TINY_QWEN2, "Qwen2ForCausalLM", ""));
        assertThatThrownBy(() -> SafetensorsModelReader.read(tmp))
                .hasMessageContaining("neither model.safetensors.index.json nor model.safetensors is here");
    }

    @Test
    void config_unsupportedArchitecture_listsKnownOnes() {
        byte[] json = config(TINY_QWEN2, "MambaForCausalLM", "").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HfConfig.parse(json, "config.json"))
                .hasMessage("config.json: unsupported architecture 'MambaForCausalLM' (known: DeepseekV3ForCausalLM,"
                        + " Gemma3ForCausalLM, Gemma3ForConditionalGeneration, GptOssForCausalLM, LlamaForCausalLM,"
                        + " Mistral3ForConditionalGeneration, MistralForCausalLM, Qwen2ForCausalLM, Qwen3ForCausalLM,"
                        + " Qwen3MoeForCausalLM)");
    }

    @Test
    void config_missingDimension_namesIt() {
        byte[] json =
                "{\"architectures\":[\"LlamaForCausalLM\"],\"num_attention_heads\":8}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HfConfig.parse(json, "config.json"))
                .hasMessage("config.json: hidden_size must be a whole number from 1 to 1,048,576, was missing");
    }

    @Test
    void config_invalidJson_givesOffset() {
        byte[] json = "{\"architectures\": [}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HfConfig.parse(json, "config.json"))
                .hasMessageStartingWith("config.json: at byte 19: invalid JSON");
    }

    @Test
    void config_defaults_followTransformers() {
        byte[] json = ("{\"architectures\":[\"LlamaForCausalLM\"],\"num_hidden_layers\":2,\"hidden_size\":512,"
                        + "\"intermediate_size\":1024,\"num_attention_heads\":8,\"vocab_size\":100,"
                        + "\"max_position_embeddings\":2048,\"dtype\":\"float16\"}")
                .getBytes(StandardCharsets.UTF_8);
        HfConfig c = HfConfig.parse(json, "config.json");
        assertThat(c.kvHeads()).isEqualTo(8);
        assertThat(c.headDim()).isEqualTo(64);
        assertThat(c.dtype()).contains("float16");
        assertThat(c.quantization()).isEmpty();
    }

    @Test
    void quantizationConfig_recognisesEachMethod() {
        assertThat(quant("{\"quant_method\":\"gptq\",\"bits\":4,\"group_size\":128,\"desc_act\":false}"))
                .isEqualTo(new HfConfig.QuantizationConfig(
                        "gptq", "GPTQ 4-bit, group 128", java.util.Optional.of(Quantization.GPTQ)));
        assertThat(quant("{\"quant_method\":\"gptq\",\"bits\":8,\"group_size\":128}")
                        .quantization())
                .isEmpty();
        assertThat(quant("{\"quant_method\":\"fp8\",\"activation_scheme\":\"dynamic\",\"fmt\":\"e4m3\"}")
                        .quantization())
                .contains(Quantization.FP8);
        // llm-compressor FP8_DYNAMIC and W4A16 (the formats RedHatAI publishes)
        assertThat(quant("{\"quant_method\":\"compressed-tensors\",\"config_groups\":{\"group_0\":{\"weights\":"
                        + "{\"num_bits\":8,\"type\":\"float\",\"strategy\":\"channel\"}}}}"))
                .satisfies(c -> {
                    assertThat(c.quantization()).contains(Quantization.FP8);
                    assertThat(c.description()).isEqualTo("compressed-tensors float8 (FP8)");
                });
        assertThat(quant("{\"quant_method\":\"compressed-tensors\",\"config_groups\":{\"group_0\":{\"weights\":"
                                + "{\"num_bits\":4,\"type\":\"int\",\"group_size\":128}}}}")
                        .quantization())
                .contains(Quantization.GPTQ);
        assertThat(quant("{\"quant_method\":\"bitsandbytes\",\"load_in_4bit\":true}"))
                .isEqualTo(new HfConfig.QuantizationConfig("bitsandbytes", "bitsandbytes", java.util.Optional.empty()));
    }

    private static HfConfig.QuantizationConfig quant(String json) {
        try {
            return HfConfig.quantization(
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(json), "config.json");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
