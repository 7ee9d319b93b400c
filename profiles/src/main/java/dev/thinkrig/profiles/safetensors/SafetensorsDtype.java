package dev.thinkrig.profiles.safetensors;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The element types a safetensors header may name, with their width in bits (huggingface/safetensors
 * safetensors/src/tensor.rs {@code Dtype}; the sub-byte float types are stored packed).
 */
public enum SafetensorsDtype {
    BOOL(8),
    F4(4),
    F6_E2M3(6),
    F6_E3M2(6),
    U8(8),
    I8(8),
    F8_E5M2(8),
    F8_E4M3(8),
    F8_E8M0(8),
    I16(16),
    U16(16),
    F16(16),
    BF16(16),
    I32(32),
    U32(32),
    F32(32),
    C64(64),
    F64(64),
    I64(64),
    U64(64);

    private final int bits;

    SafetensorsDtype(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    /** Bytes of {@code elements} elements; safetensors requires packed types to fill whole bytes. */
    public long bytes(long elements) {
        return Math.multiplyExact(elements, (long) bits) / 8;
    }

    public static Optional<SafetensorsDtype> parse(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    static String known() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
