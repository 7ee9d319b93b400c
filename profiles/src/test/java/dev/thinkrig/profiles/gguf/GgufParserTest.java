package dev.thinkrig.profiles.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.profiles.InMemoryChannel;
import dev.thinkrig.profiles.ModelFileException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GgufParserTest {

    /** A header whose byte offsets the hostile-file tests below count on: magic 0, version 4, counts 8 and 16. */
    private static GgufWriter small() {
        return new GgufWriter()
                .string("general.architecture", "llama")
                .tensor("token_embd.weight", GgmlType.Q4_K, 256, 4)
                .tensor("output_norm.weight", GgmlType.F32, 256);
    }

    private static GgufHeader parse(byte[] bytes) {
        return GgufParser.parse(new InMemoryChannel(bytes, bytes.length + 1_000_000), "test.gguf");
    }

    private static GgufHeader parseExact(byte[] bytes) {
        return GgufParser.parse(new InMemoryChannel(bytes), "test.gguf");
    }

    private static byte[] withLong(byte[] bytes, int at, long value) {
        byte[] out = bytes.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(at, value);
        return out;
    }

    private static byte[] withInt(byte[] bytes, int at, int value) {
        byte[] out = bytes.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return out;
    }

    private static void rejects(ThrowingCallable parse, long offset, String message) {
        assertThatThrownBy(parse)
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("test.gguf: at byte " + offset + ": ")
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void parse_versions2And3_readEveryValueTypeAndTensorInfo(int version) {
        GgufWriter w = new GgufWriter()
                .version(version)
                .kv("u8", GgufValueType.UINT8, 200)
                .kv("i8", GgufValueType.INT8, -5)
                .kv("u16", GgufValueType.UINT16, 60000)
                .kv("i16", GgufValueType.INT16, -30000)
                .kv("u32", GgufValueType.UINT32, 4_000_000_000L)
                .kv("i32", GgufValueType.INT32, -2_000_000_000)
                .kv("f32", GgufValueType.FLOAT32, 1.5f)
                .kv("bool", GgufValueType.BOOL, true)
                .kv("str", GgufValueType.STRING, "héllo ✓")
                .kv("u64", GgufValueType.UINT64, 1L << 40)
                .kv("i64", GgufValueType.INT64, -(1L << 40))
                .kv("f64", GgufValueType.FLOAT64, 0.25)
                .array("arr", GgufValueType.INT32, List.of(1, 2, 3))
                .array("strs", GgufValueType.STRING, List.of("a", "", "c"))
                .array("nested", GgufValueType.ARRAY, List.of((Object) new Object[] {GgufValueType.UINT8, List.of(7)}))
                .tensor("blk.0.attn_q.weight", GgmlType.Q8_0, 64, 3)
                .tensor("blk.0.ffn_down.weight", GgmlType.IQ4_XS, 512, 2, 1, 1)
                .tensor("output_norm.weight", GgmlType.F32, 64);

        GgufHeader h = parse(w.header());

        assertThat(h.version()).isEqualTo(version);
        assertThat(h.metadata())
                .containsEntry("u8", 200)
                .containsEntry("i8", -5)
                .containsEntry("u16", 60000)
                .containsEntry("i16", -30000)
                .containsEntry("u32", 4_000_000_000L)
                .containsEntry("i32", -2_000_000_000)
                .containsEntry("f32", 1.5f)
                .containsEntry("bool", true)
                .containsEntry("str", "héllo ✓")
                .containsEntry("u64", 1L << 40)
                .containsEntry("i64", -(1L << 40))
                .containsEntry("f64", 0.25);
        assertThat(h.metadata().keySet()).startsWith("u8", "i8", "u16"); // file order kept
        assertThat(h.array("arr").orElseThrow().values()).containsExactly(1, 2, 3);
        assertThat(h.array("strs").orElseThrow().values()).containsExactly("a", "", "c");
        GgufArray nested = (GgufArray) h.array("nested").orElseThrow().values().get(0);
        assertThat(nested.values()).containsExactly(7);
        // 64 x 3 Q8_0 = 6 blocks x 34 = 204 bytes, padded to 224; IQ4_XS 1024 elements = 4 x 136 = 544
        assertThat(h.tensors())
                .extracting(GgufTensorInfo::name, GgufTensorInfo::type, GgufTensorInfo::offset, GgufTensorInfo::bytes)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("blk.0.attn_q.weight", GgmlType.Q8_0, 0L, 204L),
                        org.assertj.core.groups.Tuple.tuple("blk.0.ffn_down.weight", GgmlType.IQ4_XS, 224L, 544L),
                        org.assertj.core.groups.Tuple.tuple("output_norm.weight", GgmlType.F32, 768L, 256L));
        assertThat(h.tensors().get(1).dimensions()).containsExactly(512L, 2L, 1L, 1L);
        assertThat(h.dataOffset()).isEqualTo(w.header().length).isEqualTo(h.dataOffset() / 32 * 32);
    }

    @Test
    void parse_readsNoTensorData() {
        byte[] header = small().header();
        InMemoryChannel channel = new InMemoryChannel(header, 40L * 1024 * 1024 * 1024);
        GgufParser.parse(channel, "big.gguf");
        // one 64 KiB buffer at most, however large the file
        assertThat(channel.bytesRead()).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void parse_customAlignment_movesDataSection() {
        GgufHeader h = parse(small().alignment(64).header());
        assertThat(h.alignment()).isEqualTo(64);
        assertThat(h.dataOffset() % 64).isZero();
    }

    @Test
    void parse_wrongMagic_rejectedAtByte0() {
        byte[] bytes = small().header();
        bytes[0] = 'X';
        rejects(() -> parse(bytes), 0, "not a GGUF file: the magic is 0x46554758");
    }

    @Test
    void parse_emptyFile_rejected() {
        rejects(() -> parseExact(new byte[0]), 0, "shorter than the 4-byte magic");
    }

    @Test
    void parse_version1_rejectedWithSupportedVersions() {
        rejects(() -> parse(withInt(small().header(), 4, 1)), 4, "GGUF version 1 (2023) is not supported");
    }

    @Test
    void parse_bigEndianVersion_saysSo() {
        rejects(() -> parse(withInt(small().header(), 4, 3 << 24)), 4, "a big-endian file?");
    }

    @Test
    void parse_everyTruncation_givesAnOffsetNeverAnotherError() {
        // the header cut at every length: each prefix is a file that ends mid-header
        byte[] header = small().header();
        for (int length = 0; length < header.length - 32; length++) {
            byte[] cut = Arrays.copyOf(header, length);
            assertThatThrownBy(() -> parseExact(cut))
                    .as("cut at %d bytes", length)
                    .isInstanceOf(ModelFileException.class)
                    .hasMessageMatching("test\\.gguf: at byte \\d+: .*");
        }
    }

    @Test
    void parse_tensorDataPastTheEnd_isATruncatedFile() {
        byte[] header = small().header();
        // the data section is 576 bytes of Q4_K (256 x 4 = 4 blocks of 144) + 1024 of F32; give it one byte too few
        long dataSize = small().dataBytes();
        InMemoryChannel channel = new InMemoryChannel(header, header.length + dataSize - 1);
        assertThatThrownBy(() -> GgufParser.parse(channel, "test.gguf"))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("tensor 'output_norm.weight' data ends at byte " + (header.length + dataSize))
                .hasMessageContaining("truncated file?");
    }

    @Test
    void parse_absurdTensorCount_rejectedAtItsOffset() {
        rejects(
                () -> parse(withLong(small().header(), 8, Long.MAX_VALUE)),
                8,
                "tensor count 9223372036854775807 is absurd");
        rejects(() -> parse(withLong(small().header(), 8, -1)), 8, "tensor count 18446744073709551615 is absurd");
        // below the absolute limit but more than the bytes left can hold
        rejects(() -> parseExact(withLong(small().header(), 8, 100_000)), 8, "cannot fit in the");
    }

    @Test
    void parse_absurdKeyCount_rejected() {
        rejects(() -> parse(withLong(small().header(), 16, 1L << 40)), 16, "metadata key-value count");
    }

    @Test
    void parse_absurdStringLength_rejectedBeforeAllocating() {
        // the first key's length is at byte 24
        rejects(
                () -> parse(withLong(small().header(), 24, Long.MAX_VALUE)),
                24,
                "key length 9223372036854775807 runs past the end");
        rejects(() -> parse(withLong(small().header(), 24, -8)), 24, "key length 18446744073709551608 runs past");
    }

    @Test
    void parse_stringLongerThanTheLimit_rejected() {
        byte[] header = small().header();
        long big = GgufParser.MAX_STRING_BYTES + 1L;
        byte[] bytes = withLong(header, 24, big);
        InMemoryChannel channel = new InMemoryChannel(bytes, bytes.length + big);
        assertThatThrownBy(() -> GgufParser.parse(channel, "test.gguf"))
                .hasMessageContaining("at byte 24: key length 16777217 exceeds the 16777216-byte limit");
    }

    @Test
    void parse_absurdArrayLength_rejected() {
        GgufWriter w = new GgufWriter().array("a", GgufValueType.UINT32, List.of(1L, 2L));
        byte[] header = w.header();
        // magic 4 + version 4 + counts 16 + key (8 + 1) + type 4 + element type 4 = 41: the array length
        rejects(
                () -> parse(withLong(header, 41, 1L << 60)),
                41,
                "array of 1152921504606846976 UINT32 elements cannot fit");
    }

    @Test
    void parse_unknownValueType_rejected() {
        byte[] header = small().header();
        // key "general.architecture" (8 + 20 bytes) at 24, its type at 52
        rejects(() -> parse(withInt(header, 52, 13)), 52, "unknown metadata value type 13 (known: 0 to 12)");
    }

    @Test
    void parse_unknownTensorType_rejectedWithKnownTypes() {
        GgufWriter w = new GgufWriter().tensor("t", GgmlType.F32, 4);
        byte[] header = w.header();
        // tensor info at 24: name 8 + 1, n_dims 4, dim 8, then the type at 45
        rejects(() -> parse(withInt(header, 45, 31)), 45, "unknown or removed ggml type 31 (known: 0 F32, 1 F16");
        rejects(() -> parse(withInt(header, 45, 1000)), 45, "ggml type 1000");
    }

    @Test
    void parse_rowsThatDoNotSplitIntoBlocks_rejected() {
        GgufWriter w = new GgufWriter().tensor("t", GgmlType.Q4_K, 100, 2);
        rejects(() -> parse(w.header()), 33, "rows of 100 elements, not a multiple of Q4_K's block of 256");
    }

    @Test
    void parse_tooManyDimensions_rejected() {
        GgufWriter w = new GgufWriter().tensor("t", GgmlType.F32, 1, 1, 1, 1, 1);
        rejects(() -> parse(w.header()), 33, "tensor 't' has 5 dimensions (1 to 4)");
    }

    @Test
    void parse_elementCountOverflow_rejected() {
        GgufWriter w = new GgufWriter().tensor("t", GgmlType.F32, 1L << 40, 1L << 40);
        rejects(() -> parse(w.header()), 45, "more elements than a 64-bit count holds");
    }

    @Test
    void parse_misplacedTensorOffset_rejected() {
        GgufWriter w = small();
        byte[] header = w.header();
        // second tensor's offset is the last 8 bytes of its info; find it by its expected value
        int at = indexOfLong(header, 576);
        rejects(() -> parse(withLong(header, at, 580)), at - 4 - 8 - 4 - 8 - 18, "has data offset 580, expected 576");
    }

    @Test
    void parse_duplicateKey_rejected() {
        GgufWriter w = new GgufWriter().string("k", "a").string("k", "b");
        rejects(() -> parse(w.header()), 46, "duplicate metadata key 'k'");
    }

    @Test
    void parse_duplicateTensor_rejected() {
        GgufWriter w = new GgufWriter().tensor("t", GgmlType.F32, 8).tensor("t", GgmlType.F32, 8);
        rejects(() -> parse(w.header()), 57, "duplicate tensor 't'");
    }

    @Test
    void parse_invalidUtf8Key_rejected() {
        byte[] header = small().header();
        header[32] = (byte) 0xC3; // "general.architecture": a lead byte followed by 'e'
        rejects(() -> parse(header), 32, "key is not valid UTF-8");
    }

    @Test
    void parse_invalidBoolean_rejected() {
        byte[] header = new GgufWriter().kv("b", GgufValueType.BOOL, true).header();
        header[24 + 9 + 4] = 7;
        rejects(() -> parse(header), 37, "boolean value 7 is neither 0 nor 1");
    }

    @Test
    void parse_deeplyNestedArrays_rejected() {
        Object[] level3 = {GgufValueType.UINT8, List.of(1)};
        Object[] level2 = {GgufValueType.ARRAY, List.of((Object) level3)};
        Object[] level1 = {GgufValueType.ARRAY, List.of((Object) level2)};
        GgufWriter w = new GgufWriter().array("deep", GgufValueType.ARRAY, List.of((Object) level1));
        assertThatThrownBy(() -> parse(w.header())).hasMessageContaining("arrays nested deeper than 3");
    }

    @Test
    void parse_badAlignment_rejected() {
        assertThatThrownBy(() ->
                        parse(new GgufWriter().u32("general.alignment", 48).header()))
                .hasMessage("test.gguf: general.alignment must be a uint32 power of two, was 48");
    }

    /** A GGUF v3 header with no tensors and {@code kvCount} keys, up to the first key's array type. */
    private static ByteArrayOutputStream header(int kvCount, String arrayKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GgufWriter.writeU32(out, GgufParser.MAGIC);
        GgufWriter.writeU32(out, 3);
        GgufWriter.writeU64(out, 0);
        GgufWriter.writeU64(out, kvCount);
        GgufWriter.writeString(out, arrayKey);
        GgufWriter.writeU32(out, GgufValueType.ARRAY.ordinal());
        return out;
    }

    @Test
    void parse_millionsOfEmptyStrings_countedNotKept() {
        // 3 million empty strings (24 MB of lengths): past the kept-element budget, so counted without being held.
        // Not under a tokenizer key, which is never kept (parse_vocabularyOfRealSize_isCountedNotDecoded): the budget
        // is what this checks
        int n = 3_000_000;
        ByteArrayOutputStream out = header(1, "general.tags");
        GgufWriter.writeArray(out, GgufValueType.STRING, Collections.nCopies(n, ""));
        GgufArray tokens = parseExact(out.toByteArray()).array("general.tags").orElseThrow();
        assertThat(tokens.length()).isEqualTo(n);
        assertThat(tokens.kept()).isFalse();
        assertThat(tokens.values()).isEmpty();
    }

    @Test
    void parse_vocabularyOfRealSize_isCountedNotDecoded() {
        // sizing needs its length only; decoding and keeping 128k tokens and 280k merges cost most of a plan's time
        GgufWriter w = new GgufWriter()
                .array("tokenizer.ggml.tokens", GgufValueType.STRING, Collections.nCopies(152_064, "tok"))
                .array("tokenizer.ggml.token_type", GgufValueType.INT32, Collections.nCopies(152_064, 1));
        GgufHeader h = parse(w.header());
        assertThat(h.array("tokenizer.ggml.tokens").orElseThrow().length()).isEqualTo(152_064);
        assertThat(h.array("tokenizer.ggml.tokens").orElseThrow().kept()).isFalse();
        assertThat(h.array("tokenizer.ggml.token_type").orElseThrow().length()).isEqualTo(152_064);
    }

    @Test
    void parse_aTokenThatRunsPastTheFile_isStillCaught() {
        ByteArrayOutputStream out = header(1, "tokenizer.ggml.tokens");
        GgufWriter.writeU32(out, GgufValueType.STRING.ordinal());
        GgufWriter.writeU64(out, 2);
        GgufWriter.writeU64(out, 3);
        out.writeBytes("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        GgufWriter.writeU64(out, 1_000_000);
        assertThatThrownBy(() -> parseExact(out.toByteArray()))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("runs past the end of the file");
    }

    @Test
    void parse_headerBeyondTheLimit_rejectedNotRead() {
        // a file that claims 300 MB of metadata: a bool array that the byte limit stops
        ByteArrayOutputStream out = header(2, "a");
        GgufWriter.writeU32(out, GgufValueType.BOOL.ordinal());
        GgufWriter.writeU64(out, 300_000_000L);
        byte[] head = out.toByteArray();
        InMemoryChannel channel = new InMemoryChannel(head, head.length + 300_000_000L + 100);
        assertThatThrownBy(() -> GgufParser.parse(channel, "test.gguf"))
                .hasMessageContaining("metadata and tensor infos exceed 268435456 bytes");
    }

    private static int indexOfLong(byte[] bytes, long value) {
        byte[] needle = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(value)
                .array();
        for (int i = bytes.length - 8; i >= 0; i--) {
            if (Arrays.equals(bytes, i, i + 8, needle, 0, 8)) {
                return i;
            }
        }
        throw new AssertionError("not found: " + value + " in " + new String(bytes, StandardCharsets.ISO_8859_1));
    }
}
