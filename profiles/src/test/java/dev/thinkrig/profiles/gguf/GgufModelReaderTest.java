package dev.thinkrig.profiles.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.thinkrig.profiles.InMemoryChannel;
import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.profiles.catalog.ModelEntry;
import dev.thinkrig.profiles.modelfile.ModelFile;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightBreakdown;
import dev.thinkrig.sizing.quant.WeightFormat;
import dev.thinkrig.sizing.quant.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

public class GgufModelReaderTest {

    /** A small Qwen3-like model: tied embeddings, q/k norms. */
    public static final ModelShape TINY_QWEN3 =
            new ModelShape(Architecture.QWEN3, 4, 256, 512, 4, 2, 64, 1000, 4096, true, false, true);

    public static ModelShape catalogShape(String id) {
        return ModelCatalog.shipped().stream()
                .filter(e -> e.id().equals(id))
                .map(ModelEntry::modelShape)
                .findFirst()
                .orElseThrow();
    }

    /** A whole model's header in memory, the file's full size standing behind it as zeros. */
    static ModelFile summarizeInMemory(GgufWriter w, String name) {
        InMemoryChannel channel = new InMemoryChannel(w.header(), w.fileSize());
        return GgufModelReader.summarize(name, List.of(GgufParser.parse(channel, name)));
    }

    @Test
    void summarize_qwen32bQ4KM_reproducesLlamaCppBuffers() {
        // R1-Distill-Qwen-32B at Q4_K_M, every tensor typed by llama.cpp's mix; llama.cpp's load log says
        // "CUDA0 model buffer size = 18508.35 MiB", "CPU_Mapped model buffer size = 417.66 MiB"
        // (shared/reference/sizing-facts.md)
        ModelShape shape = catalogShape("deepseek-r1-distill-qwen-32b");
        ModelFile file = summarizeInMemory(
                GgufWriter.model(shape, Quantization.Q4_K_M, 15, (int) shape.vocabSize()),
                "DeepSeek-R1-Distill-Qwen-32B-Q4_K_M.gguf");

        assertThat(file.shape()).isEqualTo(shape);
        assertThat(file.quantizationName()).isEqualTo("Q4_K_M");
        assertThat(file.quantization()).contains(Quantization.Q4_K_M);
        assertThat(file.bytesWithoutTokenEmbedding() / (double) DataSize.MIB).isCloseTo(18508.35, within(0.005));
        assertThat(file.weights().tokenEmbedding().bytes() / (double) DataSize.MIB)
                .isCloseTo(417.66, within(0.005));
        assertThat(file.weights()).isEqualTo(Weights.of(shape, Quantization.Q4_K_M, WeightFormat.GGUF));
        assertThat(file.tensors()).hasSize(shape.tensors().size());
        assertThat(file.totalBytes())
                .isEqualTo(file.tensors().stream().mapToLong(t -> t.bytes()).sum());
    }

    @Test
    void summarize_tinyQwen3_readsShapeFlagsFromTensors() {
        ModelFile file = summarizeInMemory(GgufWriter.model(TINY_QWEN3, Quantization.Q8_0, 7, 1000), "tiny.gguf");
        assertThat(file.shape()).isEqualTo(TINY_QWEN3);
        assertThat(file.shape().tiedEmbeddings()).isTrue();
        assertThat(file.shape().qkNorm()).isTrue();
        assertThat(file.name()).isEqualTo("Test Model");
        assertThat(file.nameHints()).contains("Test Model", "tiny");
        WeightBreakdown w = file.weights();
        assertThat(w.output().bytes()).isZero();
        assertThat(w.perLayer()).hasSize(4);
        // each block: q 256x256, k and v 256x128, o 256x256, gate/up 256x512, down 512x256 in Q8_0 (34 per 32)
        // = 589,824 elements x 34/32 = 626,688; norms 256 + 256 + 64 + 64 f32 = 2,560
        assertThat(w.perLayer()).allMatch(l -> l.bytes() == 626_688 + 2_560);
        // tied embedding 1000 x 256 in Q8_0 (llama.cpp keeps the shared output tensor 8-bit): 272,000
        assertThat(w.tokenEmbedding().bytes()).isEqualTo(272_000);
    }

    @ParameterizedTest
    @CsvSource({"15, Q4_K_M, Q4_K_M", "7, Q8_0, Q8_0", "1, F16, F16", "38, MXFP4_MOE, MXFP4", "1039, Q4_K_M, Q4_K_M"})
    void fileType_mapsToSizingQuantization(int id, String name, Quantization quant) {
        assertThat(GgufFileType.name(id)).isEqualTo(name);
        assertThat(GgufFileType.quantization(name)).contains(quant);
    }

    @ParameterizedTest
    @CsvSource({"11, Q3_K_S", "19, IQ2_XXS", "0, F32"})
    void fileType_thinkrigDoesNotRank_hasNoQuantization(int id, String name) {
        assertThat(GgufFileType.name(id)).isEqualTo(name);
        assertThat(GgufFileType.quantization(name)).isEmpty();
    }

    @Test
    void summarize_unknownFileTypeId_namedNotGuessed() {
        assertThat(GgufFileType.name(99)).isEqualTo("unknown (99)");
    }

    @Test
    void summarize_unknownArchitecture_listsKnownOnes() {
        GgufWriter w = new GgufWriter().string("general.architecture", "mamba");
        assertThatThrownBy(() -> summarizeInMemory(w, "g.gguf"))
                .isInstanceOf(ModelFileException.class)
                .hasMessage(
                        "g.gguf: unknown architecture 'mamba' (known: llama, qwen2, qwen3, qwen3moe, deepseek2, gpt-oss, gemma3, phi3)");
    }

    @Test
    void summarize_missingShapeKey_namesIt() {
        GgufWriter w = new GgufWriter().string("general.architecture", "qwen2").u32("qwen2.block_count", 2);
        assertThatThrownBy(() -> summarizeInMemory(w, "q.gguf"))
                .hasMessage("q.gguf: no qwen2.embedding_length in the metadata");
    }

    /**
     * Every count a GGUF file gives is range-checked where it is read, naming the file's own key (issue 13): before,
     * {@code embedding_length} 2^40 ended in "long overflow" (exit 1) and a {@code block_count} of two billion ran out
     * of memory.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "qwen2.block_count|2000000000|qwen2.block_count must be a whole number from 1 to 4,096, was 2000000000",
                "qwen2.block_count|0|qwen2.block_count must be a whole number from 1 to 4,096, was 0",
                "qwen2.embedding_length|1099511627776|qwen2.embedding_length must be a whole number from 1 to "
                        + "1,048,576, was 1099511627776",
                "qwen2.embedding_length|-1|qwen2.embedding_length must be a whole number from 1 to 1,048,576, was -1",
                "qwen2.feed_forward_length|4294967295|qwen2.feed_forward_length must be a whole number from 1 to "
                        + "1,048,576, was 4294967295",
                "qwen2.attention.head_count|65536|qwen2.attention.head_count must be a whole number from 1 to 4,096, "
                        + "was 65536",
                "qwen2.attention.head_count_kv|3|qwen2.attention.head_count (4) must be a multiple of "
                        + "qwen2.attention.head_count_kv (3)",
                "qwen2.attention.key_length|100000|qwen2.attention.key_length must be a whole number from 1 to 4,096, "
                        + "was 100000",
                "qwen2.context_length|1000000000|qwen2.context_length must be a whole number from 1 to 16,777,216, was"
                        + " 1000000000",
                "qwen2.vocab_size|16777217|qwen2.vocab_size must be a whole number from 1 to 16,777,216, was 16777217",
            })
    void summarize_countOutOfRange_namesTheKeyAndTheRange(String key, long value, String message) {
        Map<String, Long> keys = new java.util.LinkedHashMap<>();
        keys.put("qwen2.block_count", 2L);
        keys.put("qwen2.embedding_length", 256L);
        keys.put("qwen2.feed_forward_length", 512L);
        keys.put("qwen2.attention.head_count", 4L);
        keys.put("qwen2.attention.head_count_kv", 2L);
        keys.put("qwen2.attention.key_length", 64L);
        keys.put("qwen2.context_length", 4096L);
        keys.put("qwen2.vocab_size", 1000L);
        keys.put(key, value);
        GgufWriter w = new GgufWriter().string("general.architecture", "qwen2");
        keys.forEach((k, v) -> w.kv(k, v < 0 ? GgufValueType.INT64 : GgufValueType.UINT64, v));

        assertThatThrownBy(() -> summarizeInMemory(w, "q.gguf"))
                .isInstanceOf(ModelFileException.class)
                .hasMessage("q.gguf: " + message);
    }

    @Test
    void summarize_perLayerFeedForwardArray_rejected() {
        GgufWriter w = new GgufWriter()
                .string("general.architecture", "llama")
                .u32("llama.block_count", 2)
                .u32("llama.embedding_length", 256)
                .array("llama.feed_forward_length", GgufValueType.UINT32, List.of(512L, 1024L));
        assertThatThrownBy(() -> summarizeInMemory(w, "l.gguf"))
                .hasMessageContaining(
                        "llama.feed_forward_length must be a whole number from 1 to 1,048,576, was an array");
    }

    @Test
    void summarize_tensorOfABlockBeyondBlockCount_rejected() {
        GgufWriter w = GgufWriter.model(TINY_QWEN3, Quantization.Q8_0, 7, 1000)
                .tensor("blk.9.attn_q.weight", GgmlType.F32, 256);
        assertThatThrownBy(() -> summarizeInMemory(w, "t.gguf"))
                .hasMessage("t.gguf: tensor 'blk.9.attn_q.weight' belongs to block 9 but the model has 4 blocks");
    }

    @Test
    void read_shardedFile_sumsItsParts(@TempDir Path dir) throws IOException {
        GgufWriter whole = GgufWriter.model(TINY_QWEN3, Quantization.Q4_K_M, 15, 1000);
        ModelFile expected = summarizeInMemory(whole, "whole.gguf");
        List<String> names = TINY_QWEN3.tensors().stream().map(t -> t.name()).toList();
        writeShards(dir, "tiny", expected, names, 3);

        ModelFile sharded = GgufModelReader.read(dir.resolve("tiny-00002-of-00003.gguf"));

        assertThat(sharded.weights()).isEqualTo(expected.weights());
        assertThat(sharded.shape()).isEqualTo(TINY_QWEN3);
        assertThat(sharded.quantizationName()).isEqualTo("Q4_K_M");
        assertThat(sharded.tensors()).extracting(t -> t.name()).containsExactlyElementsOf(names);
        assertThat(sharded.notes()).contains("read 3 shards");
    }

    @Test
    void read_shardMissing_namesTheMissingFile(@TempDir Path dir) throws IOException {
        GgufWriter whole = GgufWriter.model(TINY_QWEN3, Quantization.Q4_K_M, 15, 1000);
        ModelFile expected = summarizeInMemory(whole, "whole.gguf");
        writeShards(
                dir,
                "tiny",
                expected,
                TINY_QWEN3.tensors().stream().map(t -> t.name()).toList(),
                3);
        Files.delete(dir.resolve("tiny-00003-of-00003.gguf"));

        assertThatThrownBy(() -> GgufModelReader.read(dir.resolve("tiny-00001-of-00003.gguf")))
                .isInstanceOf(ModelFileException.class)
                .hasMessageEndingWith("the model is split into 3 files; missing: tiny-00003-of-00003.gguf");
    }

    @Test
    void read_missingFile_saysSo(@TempDir Path dir) {
        assertThatThrownBy(() -> GgufModelReader.read(dir.resolve("nothing.gguf")))
                .hasMessageEndingWith("nothing.gguf: no such file");
    }

    /** Splits a model's tensors over {@code count} shard files as gguf-split does: metadata in the first only. */
    static void writeShards(Path dir, String prefix, ModelFile model, List<String> order, int count)
            throws IOException {
        GgufWriter meta = GgufWriter.model(TINY_QWEN3, Quantization.Q4_K_M, 15, 1000);
        int perShard = (order.size() + count - 1) / count;
        for (int s = 0; s < count; s++) {
            GgufWriter w = s == 0 ? metadataOnly(meta) : new GgufWriter();
            w.kv("split.no", GgufValueType.UINT16, s).kv("split.count", GgufValueType.UINT16, count);
            if (s == 0) {
                w.kv("split.tensors.count", GgufValueType.INT32, order.size());
            }
            for (int i = s * perShard; i < Math.min(order.size(), (s + 1) * perShard); i++) {
                var t = model.tensors().get(i);
                long[] dims = t.shape().stream().mapToLong(Long::longValue).toArray();
                w.tensor(t.name(), GgmlType.valueOf(t.type()), dims);
            }
            w.write(dir.resolve(String.format("%s-%05d-of-%05d.gguf", prefix, s + 1, count)));
        }
    }

    private static GgufWriter metadataOnly(GgufWriter model) {
        return model.withoutTensors();
    }
}
