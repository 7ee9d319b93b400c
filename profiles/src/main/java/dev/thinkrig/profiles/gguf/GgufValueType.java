package dev.thinkrig.profiles.gguf;

import java.util.Optional;

/** The metadata value types of GGUF ({@code enum gguf_type} in ggml/include/gguf.h), by their numeric id. */
public enum GgufValueType {
    UINT8(1),
    INT8(1),
    UINT16(2),
    INT16(2),
    UINT32(4),
    INT32(4),
    FLOAT32(4),
    BOOL(1),
    STRING(0),
    ARRAY(0),
    UINT64(8),
    INT64(8),
    FLOAT64(8);

    private final int fixedSize;

    GgufValueType(int fixedSize) {
        this.fixedSize = fixedSize;
    }

    /** Bytes of one value, or 0 for strings and arrays, whose length is stored with them. */
    public int fixedSize() {
        return fixedSize;
    }

    public static Optional<GgufValueType> byId(long id) {
        GgufValueType[] all = values();
        return id >= 0 && id < all.length ? Optional.of(all[(int) id]) : Optional.empty();
    }
}
