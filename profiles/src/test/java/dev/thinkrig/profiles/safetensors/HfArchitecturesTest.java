package dev.thinkrig.profiles.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.profiles.catalog.ModelEntry;
import dev.thinkrig.profiles.modelfile.ModelFile;
import dev.thinkrig.profiles.safetensors.HfCheckpoint.Storage;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.kv.KvCache;
import dev.thinkrig.sizing.kv.KvCache.KvFormat;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.Experts;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.SlidingWindow;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightFormat;
import dev.thinkrig.sizing.quant.Weights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config.json readers for the mixture-of-experts, latent-attention and sliding-window families: each published
 * config.json (src/test/resources/fixtures/hf-config, sources in its README) beside generated safetensors headers
 * must give the shape the catalog builds for the same model, so a plan from the files equals the catalog's plan.
 */
public class HfArchitecturesTest {

    public static String fixture(String name) {
        try (InputStream in = HfArchitecturesTest.class.getResourceAsStream("/fixtures/hf-config/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ModelEntry catalog(String id) {
        return ModelCatalog.shipped().stream()
                .filter(e -> e.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    /** {@code s} with another maximum context; everything else the same. */
    static ModelShape withContext(ModelShape s, int context) {
        return new ModelShape(
                s.architecture(),
                s.layers(),
                s.hiddenSize(),
                s.intermediateSize(),
                s.attentionHeads(),
                s.kvHeads(),
                s.headDim(),
                s.vocabSize(),
                context,
                s.tiedEmbeddings(),
                s.attentionBias(),
                s.qkNorm(),
                s.experts(),
                s.latentAttention(),
                s.slidingWindow());
    }

    private static ModelFile read(Path dir, String config, List<Object[]> tensors, int shards) throws IOException {
        return SafetensorsModelReader.read(SafetensorsModelReaderTest.checkpoint(dir, config, tensors, shards));
    }

    @Test
    void qwen3MoE_30bA3b_matchesTheCatalog(@TempDir Path tmp) throws IOException {
        ModelEntry entry = catalog("qwen3-30b-a3b");
        ModelShape catalogShape = entry.modelShape();
        ModelFile m = read(
                tmp.resolve("Qwen3-30B-A3B"),
                fixture("Qwen3-30B-A3B"),
                HfCheckpoint.tensors(catalogShape, Storage.BF16, "model.", "lm_head.weight"),
                4);

        // the one difference: config.json's max_position_embeddings 40960; the catalog uses the documented
        // 131072-token YaRN length, which the checkpoint only reaches with rope_scaling added by the user
        assertThat(m.shape().maxContextTokens()).isEqualTo(40_960);
        assertThat(m.shape()).isEqualTo(withContext(catalogShape, 40_960));
        assertThat(m.shape().experts()).contains(new Experts(128, 8, 768, 0, 0));
        assertThat(m.shape().parameterCount())
                .isEqualTo(entry.parameters().total())
                .isEqualTo(30_532_122_624L);
        // model card: 3.3B activated (rounded); the shape counts 3.35B
        assertThat(m.shape().activeParameterCount()).isEqualTo(3_353_032_704L);
        assertThat(m.shape().activeParameterCount() / 1e9).isCloseTo(3.3, within(0.06));
        // 48 layers x 2 (K, V) x 4 KV heads x 128 x 2 bytes = 98,304 bytes per token
        assertThat(KvCache.bytesPerToken(m.shape(), KvCacheType.F16).bytes()).isEqualTo(98_304);
        assertThat(m.quantization()).contains(Quantization.BF16);
        assertThat(m.totalBytes()).isEqualTo(2 * entry.parameters().total());
        assertThat(m.weights()).isEqualTo(Weights.of(catalogShape, Quantization.BF16, WeightFormat.SAFETENSORS));
    }

    @Test
    void deepseekR1_fp8WithMtpLayer_matchesTheCatalog(@TempDir Path tmp) throws IOException {
        ModelEntry entry = catalog("deepseek-r1");
        ModelShape catalogShape = entry.modelShape();
        List<Object[]> tensors =
                new ArrayList<>(HfCheckpoint.tensors(catalogShape, Storage.FP8_BLOCK, "model.", "lm_head.weight"));
        // the multi-token-prediction block the Hub checkpoint stores as layer 61 (a few of its tensors)
        long mtpBytes = 2L * 129_280 * 7_168 * 2 + 7_168L * 14_336 + 2 * 2 * 7_168;
        tensors.add(
                new Object[] {"model.layers.61.embed_tokens.weight", SafetensorsDtype.BF16, new long[] {129_280, 7_168}
                });
        tensors.add(new Object[] {"model.layers.61.enorm.weight", SafetensorsDtype.BF16, new long[] {7_168}});
        tensors.add(new Object[] {"model.layers.61.hnorm.weight", SafetensorsDtype.BF16, new long[] {7_168}});
        tensors.add(
                new Object[] {"model.layers.61.eh_proj.weight", SafetensorsDtype.F8_E4M3, new long[] {7_168, 14_336}});
        tensors.add(new Object[] {
            "model.layers.61.shared_head.head.weight", SafetensorsDtype.BF16, new long[] {129_280, 7_168}
        });

        ModelFile m = read(tmp.resolve("DeepSeek-R1"), fixture("DeepSeek-R1"), tensors, 8);

        assertThat(m.shape()).isEqualTo(catalogShape);
        assertThat(m.shape().parameterCount())
                .isEqualTo(entry.parameters().total())
                .isEqualTo(671_026_419_200L);
        // DeepSeek-V3 report: 37B activated
        assertThat(m.shape().activeParameterCount() / 1e9).isCloseTo(37.0, within(0.6));
        assertThat(m.shape().experts()).contains(new Experts(256, 8, 2048, 1, 3));
        // latent cache: 61 layers x (512 + 64) x 2 bytes = 70,272 bytes per token; expanded (no MLA):
        // 61 x 128 x (192 + 128) x 2 = 4,997,120
        assertThat(KvCache.bytesPerToken(m.shape(), KvCacheType.F16, KvFormat.LATENT)
                        .bytes())
                .isEqualTo(70_272);
        assertThat(KvCache.bytesPerToken(m.shape(), KvCacheType.F16, KvFormat.EXPANDED)
                        .bytes())
                .isEqualTo(4_997_120);
        assertThat(m.quantization()).contains(Quantization.FP8);
        assertThat(m.quantizationName()).isEqualTo("FP8 (e4m3)");
        // 2 x 129,280 x 7,168 x 2 (BF16 embeddings and head) + 7,168 x 14,336 (FP8 eh_proj) + 2 x 7,168 x 2
        assertThat(mtpBytes).isEqualTo(3_809_505_280L);
        assertThat(m.notes())
                .contains("left out 5 tensors (" + DataSize.ofBytes(mtpBytes) + ") of the multi-token-prediction"
                        + " layer (num_nextn_predict_layers); decoding does not load it");
        assertThat(m.tensors()).noneMatch(t -> t.name().startsWith("model.layers.61."));
        // the measured bytes are the headers' (FP8 weights plus their F32 block scales); sizing's FP8 counts one
        // byte per linear weight and no scales: 1/128^2 x 4 bytes more per weight, under 0.05% of the total
        long measured = m.totalBytes();
        long computed = Weights.of(catalogShape, Quantization.FP8, WeightFormat.SAFETENSORS)
                .total()
                .bytes();
        assertThat((double) measured).isCloseTo(computed, within(computed * 0.0005));
        assertThat(m.weights().perLayer()).hasSize(61);
        // the three dense layers hold no routed experts; a token reads 8 of 256 of the others
        assertThat(m.weights().perLayerRoutedExperts().subList(0, 3)).allMatch(l -> l.bytes() == 0);
        // 256 experts x 3 x 2,048 x 7,168 FP8 bytes + 256 x 3 x 16 x 56 F32 scales
        assertThat(m.weights().perLayerRoutedExperts().get(3).bytes())
                .isEqualTo(256L * 3 * 2048 * 7168 + 256L * 3 * 16 * 56 * 4);
        assertThat(m.weights().activeExpertShare()).isEqualTo(8.0 / 256);
        assertThat(m.weights().activeParameters()).isEqualTo(catalogShape.activeParameterCount());
    }

    @Test
    void gptOss_mxfp4Experts_matchTheCatalogExactly(@TempDir Path tmp) throws IOException {
        for (String[] model : new String[][] {{"gpt-oss-20b", "gpt-oss-20b"}, {"gpt-oss-120b", "gpt-oss-120b"}}) {
            ModelEntry entry = catalog(model[0]);
            ModelShape catalogShape = entry.modelShape();
            ModelFile m = read(
                    tmp.resolve(model[1]),
                    fixture(model[1]),
                    HfCheckpoint.tensors(catalogShape, Storage.MXFP4, "model.", "lm_head.weight"),
                    3);

            assertThat(m.shape()).as(model[0]).isEqualTo(catalogShape);
            assertThat(m.shape().parameterCount()).isEqualTo(entry.parameters().total());
            assertThat(m.shape().slidingWindow()).contains(new SlidingWindow(128, 2));
            // layer_types alternate sliding, full: half the layers grow with the context
            assertThat(m.shape().fullAttentionLayers()).isEqualTo(catalogShape.layers() / 2);
            assertThat(m.quantization()).contains(Quantization.MXFP4);
            // MXFP4 experts (17 bytes per 32 weights) and BF16 for the rest: the header bytes equal sizing's
            assertThat(m.weights())
                    .as(model[0])
                    .isEqualTo(Weights.of(catalogShape, Quantization.MXFP4, WeightFormat.SAFETENSORS));
        }
        ModelShape small = catalog("gpt-oss-20b").modelShape();
        // 12 full layers x 2 x 8 KV heads x 64 x 2 bytes = 24,576 bytes per token; 12 sliding layers hold 128 cells
        assertThat(KvCache.bytesPerToken(small, KvCacheType.F16).bytes()).isEqualTo(24_576);
        assertThat(KvCache.slidingBytesPerCell(small, KvCacheType.F16, KvFormat.LATENT)
                        .bytes())
                .isEqualTo(24_576);
    }

    /** google/gemma-3-1b-it as config.json states it (no catalog entry: Gemma 3 is no reasoning model). */
    public static final ModelShape GEMMA3_1B = new ModelShape(
            Architecture.GEMMA3,
            26,
            1152,
            6912,
            4,
            1,
            256,
            262_144,
            32_768,
            true,
            false,
            true,
            Optional.empty(),
            Optional.empty(),
            Optional.of(new SlidingWindow(512, 6)));

    @Test
    void gemma3_1b_slidingPatternAndTiedEmbeddings(@TempDir Path tmp) throws IOException {
        ModelFile m = read(
                tmp.resolve("gemma-3-1b-it"),
                fixture("gemma-3-1b-it"),
                HfCheckpoint.tensors(GEMMA3_1B, Storage.BF16, "model.", "lm_head.weight"),
                1);

        assertThat(m.shape()).isEqualTo(GEMMA3_1B);
        // by hand: embeddings 262,144 x 1,152 = 301,989,888; per layer q and o 1,152 x 1,024 (x2), k and v
        // 1,152 x 256 (x2), MLP 3 x 1,152 x 6,912, norms 4 x 1,152 + 2 x 256 = 26,842,112; x 26 + final norm 1,152
        assertThat(m.shape().parameterCount()).isEqualTo(999_885_952L);
        assertThat(m.totalBytes()).isEqualTo(2 * 999_885_952L);
        // sliding_window_pattern 6: layers 5, 11, 17, 23 are global; 4 x 2 x 1 x 256 x 2 bytes = 4,096 per token
        assertThat(m.shape().fullAttentionLayers()).isEqualTo(4);
        assertThat(KvCache.bytesPerToken(m.shape(), KvCacheType.F16).bytes()).isEqualTo(4_096);
        assertThat(m.weights().output().bytes()).isZero();
    }

    @Test
    void gemma3_27b_multimodal_readsTextConfigWithTransformersDefaults(@TempDir Path tmp) throws IOException {
        ModelShape text = new ModelShape(
                Architecture.GEMMA3,
                62,
                5376,
                21_504,
                32,
                16,
                128,
                262_208,
                131_072,
                true,
                false,
                true,
                Optional.empty(),
                Optional.empty(),
                Optional.of(new SlidingWindow(1024, 6)));
        List<Object[]> tensors = new ArrayList<>(
                HfCheckpoint.tensors(text, Storage.BF16, "language_model.model.", "language_model.lm_head.weight"));
        // two of the SigLIP tower's tensors and the projector: counted as model-wide weights
        tensors.add(new Object[] {
            "vision_tower.vision_model.embeddings.patch_embedding.weight",
            SafetensorsDtype.BF16,
            new long[] {1152, 3, 14, 14}
        });
        tensors.add(new Object[] {
            "multi_modal_projector.mm_input_projection_weight", SafetensorsDtype.BF16, new long[] {1152, 5376}
        });

        ModelFile m = read(tmp.resolve("gemma-3-27b-it"), fixture("gemma-3-27b-it"), tensors, 2);

        assertThat(m.shape()).isEqualTo(text);
        // text model by hand: embeddings 262,208 x 5,376 + 62 x 412,898,560 per layer + final norm 5,376
        assertThat(m.shape().parameterCount()).isEqualTo(27_009_346_304L);
        // 10 global layers (5, 11, ..., 59) x 2 x 16 x 128 x 2 bytes = 81,920 per token
        assertThat(KvCache.bytesPerToken(m.shape(), KvCacheType.F16).bytes()).isEqualTo(81_920);
        long vision = 2L * (1152 * 3 * 14 * 14 + 1152 * 5376);
        assertThat(m.weights().global().bytes()).isEqualTo(vision + 2 * 5376);
        assertThat(m.totalBytes()).isEqualTo(2 * 27_009_346_304L + vision);
    }

    @Test
    void mistral_causalLm_isTheMagistralShape(@TempDir Path tmp) throws IOException {
        ModelShape magistral = catalog("magistral-small-2506").modelShape();
        ModelFile m = read(
                tmp.resolve("Mistral-Small-24B-Instruct-2501"),
                fixture("Mistral-Small-24B-Instruct-2501"),
                SafetensorsModelReaderTest.bf16Tensors(magistral),
                2);
        // Mistral Small 3 (2501) was published with a 32k max_position_embeddings; Magistral extends it to 128k
        assertThat(m.shape()).isEqualTo(withContext(magistral, 32_768));
        assertThat(m.shape().architecture()).isEqualTo(Architecture.LLAMA);
    }

    @Test
    void mistral3_conditionalGeneration_readsTextConfig_bothTensorPrefixes(@TempDir Path tmp) throws IOException {
        ModelEntry entry = catalog("magistral-small-2506");
        ModelShape magistral = entry.modelShape();
        // transformers before 4.52 saved the wrapper as language_model.model.* / language_model.lm_head, since then
        // as model.language_model.* / lm_head
        String[][] layouts = {
            {"language_model.model.", "language_model.lm_head.weight"}, {"model.language_model.", "lm_head.weight"}
        };
        for (String[] layout : layouts) {
            List<Object[]> tensors =
                    new ArrayList<>(HfCheckpoint.tensors(magistral, Storage.BF16, layout[0], layout[1]));
            tensors.add(new Object[] {
                "vision_tower.transformer.layers.0.attention.q_proj.weight",
                SafetensorsDtype.BF16,
                new long[] {1024, 1024}
            });
            ModelFile m = read(tmp.resolve(layout[0]), fixture("Magistral-Small-2509"), tensors, 3);

            assertThat(m.shape()).as(layout[0]).isEqualTo(magistral);
            assertThat(m.shape().parameterCount()).isEqualTo(entry.parameters().total());
            assertThat(m.weights().perLayer()).hasSize(40).allMatch(l -> l.bytes() > 0);
            assertThat(m.weights().output().bytes()).isEqualTo(2L * 131_072 * 5120);
            assertThat(m.weights().tokenEmbedding().bytes()).isEqualTo(2L * 131_072 * 5120);
            // 40 layers x 2 x 8 x 128 x 2 bytes = 163,840 per token
            assertThat(KvCache.bytesPerToken(m.shape(), KvCacheType.F16).bytes())
                    .isEqualTo(163_840);
        }
    }

    @Test
    void qwen3MoE_withDenseLayers_refusedNotGuessed() {
        String json = fixture("Qwen3-30B-A3B").replace("\"mlp_only_layers\": []", "\"mlp_only_layers\": [0, 1]");
        assertThatThrownBy(() -> HfConfig.parse(json.getBytes(StandardCharsets.UTF_8), "config.json"))
                .isInstanceOf(ModelFileException.class)
                .hasMessage("config.json: Qwen3-MoE with dense layers (decoder_sparse_step 1, mlp_only_layers [0,1])"
                        + " is not supported; only every layer MoE is");
    }

    @Test
    void gptOss_irregularLayerTypes_refused() {
        String json = fixture("gpt-oss-20b")
                .replaceFirst(
                        "\"sliding_attention\",\n    \"full_attention\"",
                        "\"full_attention\",\n    \"full_attention\"");
        assertThatThrownBy(() -> HfConfig.parse(json.getBytes(StandardCharsets.UTF_8), "config.json"))
                .hasMessageStartingWith(
                        "config.json: layer_types [\"full_attention\",\"full_attention\",\"sliding_attention\",")
                .hasMessageEndingWith("] is not a supported pattern (every n-th layer full)");
    }

    @Test
    void deepseekV3_latentFields_readAsConfigStatesThem() {
        HfConfig c = HfConfig.parse(fixture("DeepSeek-R1").getBytes(StandardCharsets.UTF_8), "config.json");
        assertThat(c.architecture()).isEqualTo(Architecture.DEEPSEEK2);
        assertThat(c.latentAttention().orElseThrow().latentElements()).isEqualTo(576);
        assertThat(c.headDim()).isEqualTo(128);
        assertThat(c.extraLayers()).isEqualTo(1);
        assertThat(c.slidingWindow()).isEmpty();
    }

    @Test
    void qwen3_slidingWindowFieldIgnored_whenTheFamilyHasNone() {
        // Qwen configs carry "sliding_window" with "use_sliding_window": false; only gpt-oss and Gemma 3 read it
        String json = fixture("Qwen3-30B-A3B").replace("\"sliding_window\": null", "\"sliding_window\": 4096");
        assertThat(HfConfig.parse(json.getBytes(StandardCharsets.UTF_8), "config.json")
                        .slidingWindow())
                .isEmpty();
    }
}
