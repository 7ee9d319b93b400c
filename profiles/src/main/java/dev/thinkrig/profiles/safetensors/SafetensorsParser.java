package dev.thinkrig.profiles.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.thinkrig.profiles.ChannelReader;
import dev.thinkrig.profiles.ModelFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the header of a safetensors file: an 8-byte little-endian length, then that many bytes of JSON mapping each
 * tensor name to its dtype, shape and data offsets. Checks what huggingface/safetensors' own loader checks
 * ({@code SafeTensors::read_metadata}, {@code Metadata::validate}): the length fits the file and the 100 MB limit,
 * every tensor's byte span matches its dtype and shape, spans are contiguous from 0, and the data is in the file.
 * Reads nothing past the header.
 */
public final class SafetensorsParser {

    /** safetensors' MAX_HEADER_SIZE (safetensors/src/tensor.rs): larger headers are refused by the library itself. */
    static final long MAX_HEADER_BYTES = 100_000_000;

    /** Tensors per file beyond which a header is corrupt (whole DeepSeek-V3 has 91,991; one shard far fewer). */
    static final int MAX_TENSORS = 1 << 20;

    static final String METADATA_KEY = "__metadata__";

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(8)
                    .maxStringLength(1 << 20)
                    .build())
            .build());

    private SafetensorsParser() {}

    /** Reads the header of the safetensors file open on {@code channel}; {@code source} names it in errors. */
    public static SafetensorsHeader parse(SeekableByteChannel channel, String source) {
        long size;
        try {
            size = channel.size();
        } catch (IOException e) {
            throw new ModelFileException(source, ModelFileException.NO_OFFSET, "cannot read: " + e.getMessage(), e);
        }
        if (size < 8) {
            throw new ModelFileException(
                    source, 0, "not a safetensors file: " + size + " bytes, shorter than the 8-byte header length");
        }
        long length = ChannelReader.readAt(channel, source, 0, 8).getLong();
        if (length < 0 || length > MAX_HEADER_BYTES) {
            throw new ModelFileException(
                    source,
                    0,
                    "header length " + Long.toUnsignedString(length) + " exceeds safetensors' limit of "
                            + MAX_HEADER_BYTES + " bytes (not a safetensors file?)");
        }
        if (length > size - 8) {
            throw new ModelFileException(
                    source,
                    0,
                    "header length " + length + " runs past the end of the file (" + size + " bytes; truncated file?)");
        }
        ByteBuffer json = ChannelReader.readAt(channel, source, 8, (int) length);
        return parseJson(json.array(), source, size);
    }

    /** The header from its JSON bytes, for a file of {@code fileSize} bytes. */
    static SafetensorsHeader parseJson(byte[] json, String source, long fileSize) {
        long dataOffset = 8L + json.length;
        if (json.length == 0 || json[0] != '{') {
            throw new ModelFileException(source, 8, "the header is not a JSON object (not a safetensors file?)");
        }
        JsonNode root;
        try (JsonParser parser = MAPPER.createParser(json)) {
            root = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new ModelFileException(
                        source, 8 + parser.currentLocation().getByteOffset(), "data after the header's JSON object");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long offset = at == null || at.getByteOffset() < 0 ? 8 : 8 + at.getByteOffset();
            throw new ModelFileException(source, offset, "invalid JSON header: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ModelFileException(source, 8, "invalid JSON header: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFileException(source, 8, "the header is not a JSON object");
        }
        if (root.size() > MAX_TENSORS) {
            throw new ModelFileException(source, 8, root.size() + " tensors in one file is absurd");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<SafetensorsTensor> tensors = new ArrayList<>(root.size());
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals(METADATA_KEY)) {
                metadata(e.getValue(), metadata, source);
            } else {
                tensors.add(tensor(e.getKey(), e.getValue(), source));
            }
        }
        tensors.sort(Comparator.comparingLong(SafetensorsTensor::begin).thenComparingLong(SafetensorsTensor::end));
        long expected = 0;
        for (SafetensorsTensor t : tensors) {
            if (t.begin() != expected) {
                throw new ModelFileException(
                        source,
                        8,
                        "tensor '" + t.name() + "' starts at data byte " + t.begin() + ", expected " + expected
                                + " (spans must be contiguous and not overlap)");
            }
            expected = t.end();
        }
        if (dataOffset + expected > fileSize) {
            throw new ModelFileException(
                    source,
                    ModelFileException.NO_OFFSET,
                    "tensor data ends at byte " + (dataOffset + expected) + " but the file has " + fileSize
                            + " bytes (truncated file?)");
        }
        return new SafetensorsHeader(source, tensors, metadata, dataOffset);
    }

    private static void metadata(JsonNode node, Map<String, String> out, String source) {
        if (!node.isObject()) {
            throw new ModelFileException(source, 8, METADATA_KEY + " must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new ModelFileException(source, 8, METADATA_KEY + "." + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
    }

    private static SafetensorsTensor tensor(String name, JsonNode node, String source) {
        String where = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw new ModelFileException(source, 8, where + " is not an object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new ModelFileException(source, 8, where + " has no dtype");
        }
        SafetensorsDtype dtype = SafetensorsDtype.parse(dtypeNode.asText())
                .orElseThrow(() -> new ModelFileException(
                        source,
                        8,
                        where + " has unknown dtype '" + dtypeNode.asText() + "' (known: " + SafetensorsDtype.known()
                                + ")"));
        List<Long> shape = longs(node.get("shape"), where + " shape", -1, source);
        List<Long> offsets = longs(node.get("data_offsets"), where + " data_offsets", 2, source);
        long elements = 1;
        for (long d : shape) {
            if (d != 0 && elements > Long.MAX_VALUE / 64 / d) {
                throw new ModelFileException(source, 8, where + " has more elements than a 64-bit count holds");
            }
            elements *= d;
        }
        if (elements * dtype.bits() % 8 != 0) {
            throw new ModelFileException(source, 8, where + " does not fill whole bytes with " + dtype);
        }
        long begin = offsets.get(0);
        long end = offsets.get(1);
        if (end < begin) {
            throw new ModelFileException(source, 8, where + " ends before it begins: " + offsets);
        }
        if (end - begin != dtype.bytes(elements)) {
            throw new ModelFileException(
                    source,
                    8,
                    where + " spans " + (end - begin) + " bytes but " + shape + " x " + dtype + " needs "
                            + dtype.bytes(elements));
        }
        return new SafetensorsTensor(name, dtype, shape, begin, end);
    }

    private static List<Long> longs(JsonNode node, String what, int exactSize, String source) {
        if (node == null || !node.isArray() || (exactSize >= 0 && node.size() != exactSize) || node.size() > 8) {
            throw new ModelFileException(
                    source, 8, what + " must be an array of " + (exactSize >= 0 ? exactSize + " " : "") + "integers");
        }
        List<Long> out = new ArrayList<>(node.size());
        for (JsonNode n : node) {
            if (!n.canConvertToExactIntegral() || !n.canConvertToLong() || n.asLong() < 0) {
                throw new ModelFileException(source, 8, what + " must hold non-negative integers, had " + n);
            }
            out.add(n.asLong());
        }
        return out;
    }
}
