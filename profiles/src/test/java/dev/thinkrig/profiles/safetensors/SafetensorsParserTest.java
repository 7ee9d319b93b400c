package dev.thinkrig.profiles.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.profiles.InMemoryChannel;
import dev.thinkrig.profiles.ModelFileException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetensorsParserTest {

    private static SafetensorsHeader parse(byte[] bytes, long size) {
        return SafetensorsParser.parse(new InMemoryChannel(bytes, size), "m.safetensors");
    }

    /** A file of exactly this header and JSON text, with {@code data} bytes after it. */
    private static byte[] file(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + body.length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(body.length)
                .put(body)
                .array();
    }

    private static void rejects(byte[] bytes, long size, long offset, String message) {
        assertThatThrownBy(() -> parse(bytes, size))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining(offset >= 0 ? "m.safetensors: at byte " + offset + ": " : "m.safetensors: ")
                .hasMessageContaining(message);
    }

    @Test
    void parse_readsDtypesShapesAndExactSpans() {
        SafetensorsWriter w = new SafetensorsWriter()
                .metadata(Map.of("format", "pt"))
                .tensor("model.embed_tokens.weight", SafetensorsDtype.BF16, 1000, 256)
                .tensor("model.layers.0.self_attn.q_proj.weight_scale", SafetensorsDtype.F32, 1)
                .tensor("model.layers.0.self_attn.q_proj.weight", SafetensorsDtype.F8_E4M3, 256, 256)
                .tensor("model.layers.0.mlp.experts.w", SafetensorsDtype.F4, 4, 16);
        byte[] bytes = w.headerBytes();

        SafetensorsHeader h = parse(bytes, bytes.length + w.dataBytes());

        assertThat(h.metadata()).containsEntry("format", "pt");
        assertThat(h.dataOffset()).isEqualTo(bytes.length);
        assertThat(h.tensors())
                .extracting(SafetensorsTensor::name, SafetensorsTensor::dtype, SafetensorsTensor::bytes)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "model.embed_tokens.weight", SafetensorsDtype.BF16, 512_000L),
                        org.assertj.core.groups.Tuple.tuple(
                                "model.layers.0.self_attn.q_proj.weight_scale", SafetensorsDtype.F32, 4L),
                        org.assertj.core.groups.Tuple.tuple(
                                "model.layers.0.self_attn.q_proj.weight", SafetensorsDtype.F8_E4M3, 65_536L),
                        // FP4 packs two values per byte
                        org.assertj.core.groups.Tuple.tuple("model.layers.0.mlp.experts.w", SafetensorsDtype.F4, 32L));
        assertThat(h.tensors().get(0).shape()).containsExactly(1000L, 256L);
    }

    @Test
    void parse_readsOnlyTheHeader() {
        SafetensorsWriter w = new SafetensorsWriter().tensor("a", SafetensorsDtype.BF16, 1 << 20, 1 << 12);
        byte[] bytes = w.headerBytes();
        InMemoryChannel channel = new InMemoryChannel(bytes, bytes.length + w.dataBytes());
        SafetensorsParser.parse(channel, "m.safetensors");
        assertThat(channel.bytesRead()).isEqualTo(bytes.length);
    }

    @Test
    void parse_tooShort_rejected() {
        rejects(new byte[5], 5, 0, "5 bytes, shorter than the 8-byte header length");
    }

    @Test
    void parse_headerOfGigabytes_rejectedWithoutReadingIt() {
        byte[] bytes = ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(5_000_000_000L)
                .array();
        rejects(bytes, 10_000_000_000L, 0, "header length 5000000000 exceeds safetensors' limit of 100000000 bytes");
        byte[] negative = ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(-1)
                .array();
        rejects(negative, 16, 0, "header length 18446744073709551615 exceeds");
    }

    @Test
    void parse_headerPastTheEnd_isTruncated() {
        byte[] bytes = Arrays.copyOf(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"), 30);
        rejects(bytes, 30, 0, "runs past the end of the file (30 bytes; truncated file?)");
    }

    @Test
    void parse_invalidJson_givesTheByteOffset() {
        byte[] bytes = file("{\"a\": {\"dtype\": \"F32\",, }}");
        // the second comma is the 23rd byte of the JSON (offset 22), after the 8-byte length
        rejects(bytes, bytes.length, 30, "invalid JSON header");
    }

    @Test
    void parse_nonUtf8Name_rejectedWithOffset() {
        byte[] bytes = file("{\"aX\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}");
        bytes[8 + 3] = (byte) 0xFF;
        assertThatThrownBy(() -> parse(bytes, bytes.length + 4))
                .isInstanceOf(ModelFileException.class)
                // the bad byte is at 11; Jackson reports where its parser stood, at the end of that name
                .hasMessage("m.safetensors: at byte 13: invalid JSON header: Invalid UTF-8 start byte 0xff");
    }

    @Test
    void parse_notJson_rejected() {
        byte[] bytes = file("GGUF....");
        rejects(bytes, bytes.length, 8, "the header is not a JSON object (not a safetensors file?)");
    }

    @Test
    void parse_unknownDtype_listsKnownOnes() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"Q4_K\",\"shape\":[1],\"data_offsets\":[0,4]}}");
        rejects(bytes, bytes.length + 4, 8, "tensor 'a' has unknown dtype 'Q4_K' (known: BOOL, F4,");
    }

    @Test
    void parse_spanThatDisagreesWithShape_rejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"BF16\",\"shape\":[2,3],\"data_offsets\":[0,4]}}");
        rejects(bytes, bytes.length + 4, 8, "tensor 'a' spans 4 bytes but [2, 3] x BF16 needs 12");
    }

    @Test
    void parse_overlappingSpans_rejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}");
        rejects(bytes, bytes.length + 8, 8, "tensor 'b' starts at data byte 4, expected 8");
    }

    @Test
    void parse_dataPastTheEnd_isTruncated() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1000],\"data_offsets\":[0,4000]}}");
        rejects(bytes, bytes.length + 100, -1, "tensor data ends at byte " + (bytes.length + 4000));
    }

    @Test
    void parse_hugeShape_rejectedWithoutOverflow() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]}}");
        rejects(bytes, bytes.length + 4, 8, "more elements than a 64-bit count holds");
    }

    @Test
    void parse_negativeOrFractionalNumbers_rejected() {
        rejects(
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}"),
                100,
                8,
                "non-negative integers");
        rejects(
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}"),
                100,
                8,
                "non-negative integers");
        rejects(
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}"),
                100,
                8,
                "data_offsets must be an array of 2");
    }

    @Test
    void parse_duplicateTensorName_rejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}");
        // the repeated "a" is JSON bytes 54-56; Jackson reports where it stood after reading it (8 + 57)
        rejects(bytes, bytes.length + 8, 65, "Duplicate field 'a'");
    }

    @Test
    void parse_deeplyNestedJson_rejected() {
        byte[] bytes = file("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}");
        assertThatThrownBy(() -> parse(bytes, bytes.length)).hasMessageContaining("invalid JSON header");
    }
}
