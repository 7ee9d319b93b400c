package dev.thinkrig.profiles.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything in a GGUF file before its tensor data.
 *
 * @param metadata key-values in file order; values are Integer (8-, 16-bit, int32), Long (uint32, 64-bit), Float,
 *     Double, Boolean, String or {@link GgufArray}
 * @param dataOffset where the aligned data section starts
 * @param fileSize the size of the file the header was read from
 */
public record GgufHeader(
        String source,
        int version,
        Map<String, Object> metadata,
        List<GgufTensorInfo> tensors,
        int alignment,
        long dataOffset,
        long fileSize) {

    public GgufHeader {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        tensors = List.copyOf(tensors);
    }

    public Optional<String> string(String key) {
        return metadata.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** An integer value of any GGUF integer type. */
    public OptionalLong integer(String key) {
        Object v = metadata.get(key);
        if (v instanceof Integer i) {
            return OptionalLong.of(i);
        } else if (v instanceof Long l) {
            return OptionalLong.of(l);
        }
        return OptionalLong.empty();
    }

    public Optional<GgufArray> array(String key) {
        return metadata.get(key) instanceof GgufArray a ? Optional.of(a) : Optional.empty();
    }

    /** Total bytes of tensor data the header describes. */
    public long tensorBytes() {
        return tensors.stream().mapToLong(GgufTensorInfo::bytes).sum();
    }
}
