package dev.thinkrig.profiles.gguf;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The tensor types a GGUF file can store, keyed by ggml's numeric id, with their block layout: a block of
 * {@code blockSize} elements takes {@code typeSize} bytes. Ids and layouts are ggml's {@code enum ggml_type}
 * (ggml/include/ggml.h), gguf-py's {@code GGML_QUANT_SIZES} (gguf-py/gguf/constants.py) and @huggingface/gguf's
 * table of the same name (0.4.6, which adds Q2_0 = 42); ids 4, 5, 31-33 and 36-38
 * were removed from ggml and are rejected. Kept apart from sizing's {@code TensorType}, which holds only the types
 * thinkrig's quantization mixes produce.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    IQ2_XXS(16, 256, 66),
    IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98),
    IQ1_S(19, 256, 50),
    IQ4_NL(20, 32, 18),
    IQ3_S(21, 256, 110),
    IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 56),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 54),
    TQ2_0(35, 256, 66),
    MXFP4(39, 32, 17), // E8M0 scale + 32 x E2M1
    NVFP4(40, 64, 36), // 4 UE4M3 scales (one per 16) + 64 x E2M1
    Q1_0(41, 128, 18),
    Q2_0(42, 64, 18); // 2.25 bits per weight (llama.cpp quantize: "Q2_0 ... (group 64)")

    private static final GgmlType[] BY_ID = new GgmlType[64];

    static {
        for (GgmlType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    public int id() {
        return id;
    }

    public int blockSize() {
        return blockSize;
    }

    public int typeSize() {
        return typeSize;
    }

    /** The type with ggml id {@code id}; empty for unknown and removed ids. */
    public static Optional<GgmlType> byId(long id) {
        return id >= 0 && id < BY_ID.length ? Optional.ofNullable(BY_ID[(int) id]) : Optional.empty();
    }

    /**
     * Bytes of a tensor of {@code elements} elements whose first dimension is a whole number of blocks (ggml's
     * {@code ggml_nbytes} for a contiguous tensor).
     */
    public long bytes(long elements) {
        return Math.multiplyExact(elements / blockSize, (long) typeSize);
    }

    static String knownIds() {
        return Arrays.stream(values()).map(t -> t.id + " " + t.name()).collect(Collectors.joining(", "));
    }
}
