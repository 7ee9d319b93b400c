package dev.thinkrig.profiles.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes safetensors files as huggingface/safetensors does (length, JSON header padded with spaces to 8 bytes,
 * contiguous data), for tests; the data is left as a hole with {@link RandomAccessFile#setLength}.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, Object> header = new LinkedHashMap<>();
    private long offset;

    public SafetensorsWriter tensor(String name, SafetensorsDtype dtype, long... shape) {
        long elements = 1;
        List<Long> dims = new ArrayList<>();
        for (long d : shape) {
            elements *= d;
            dims.add(d);
        }
        long bytes = dtype.bytes(elements);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("dtype", dtype.name());
        t.put("shape", dims);
        t.put("data_offsets", List.of(offset, offset + bytes));
        header.put(name, t);
        offset += bytes;
        return this;
    }

    public SafetensorsWriter metadata(Map<String, String> metadata) {
        header.put(SafetensorsParser.METADATA_KEY, metadata);
        return this;
    }

    public long dataBytes() {
        return offset;
    }

    /** The length prefix and the JSON header, padded with spaces to a multiple of 8 bytes. */
    public byte[] headerBytes() {
        try {
            StringBuilder json = new StringBuilder(MAPPER.writeValueAsString(header));
            while ((json.length() + 8) % 8 != 0) {
                json.append(' ');
            }
            byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(8 + body.length)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(body.length)
                    .put(body)
                    .array();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path write(Path file) throws IOException {
        byte[] bytes = headerBytes();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
            f.write(bytes);
            f.setLength(bytes.length + offset);
        }
        return file;
    }
}
