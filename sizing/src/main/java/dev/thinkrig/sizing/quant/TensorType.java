package dev.thinkrig.sizing.quant;

/**
 * How one tensor's elements are stored: a block of {@code blockSize} elements takes {@code blockBytes} bytes.
 *
 * <p>GGML block layouts are from ggml's {@code ggml-common.h} (block_q8_0 = 2-byte scale + 32 int8 = 34 bytes per 32,
 * block_q4_K = 144 bytes per 256, and so on). The Hugging Face formats are stated per 256 or 16 elements so the block
 * stays a whole number of bytes.
 */
public enum TensorType {
    F32("f32", 1, 4),
    F16("f16", 1, 2),
    BF16("bf16", 1, 2),
    Q8_0("q8_0", 32, 34), // fp16 scale + 32 x int8
    Q6_K("q6_K", 256, 210), // 6.5625 bits per weight
    Q5_K("q5_K", 256, 176), // 5.5
    Q4_K("q4_K", 256, 144), // 4.5
    Q3_K("q3_K", 256, 110), // 3.4375
    Q2_K("q2_K", 256, 84), // 2.625
    Q4_0("q4_0", 32, 18), // fp16 scale + 32 x 4 bits
    Q4_1("q4_1", 32, 20),
    Q5_0("q5_0", 32, 22),
    Q5_1("q5_1", 32, 24),
    IQ4_NL("iq4_nl", 32, 18),
    IQ4_XS("iq4_xs", 256, 136), // 4.25
    MXFP4("mxfp4", 32, 17), // OCP MX: E8M0 scale + 32 x FP4 (E2M1), 4.25 bits
    /** FP8 E4M3 weights; the per-channel or per-tensor scales are under 0.1% and not counted. */
    FP8("fp8", 1, 1),
    /**
     * AWQ / GPTQ 4-bit with group size 128, as AutoAWQ's GEMM layout stores it: int4 weights packed in int32
     * (128 bytes per 256), one fp16 scale per group (4 bytes per 256), packed int4 zero points (1 byte per 256):
     * 133 bytes per 256 = 4.15625 bits.
     */
    INT4_G128("int4-g128", 256, 133),
    /** NVIDIA NVFP4: FP4 E2M1 values with one FP8 E4M3 scale per 16 (8 + 1 bytes per 16 = 4.5 bits). */
    NVFP4("nvfp4", 16, 9);

    private final String ggmlName;
    private final int blockSize;
    private final int blockBytes;

    TensorType(String ggmlName, int blockSize, int blockBytes) {
        this.ggmlName = ggmlName;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    public String ggmlName() {
        return ggmlName;
    }

    public int blockSize() {
        return blockSize;
    }

    public int blockBytes() {
        return blockBytes;
    }

    public double bitsPerWeight() {
        return blockBytes * 8.0 / blockSize;
    }

    /** Whether a row of {@code rowLength} elements splits into whole blocks (llama.cpp requires it). */
    public boolean fitsRow(long rowLength) {
        return rowLength % blockSize == 0;
    }

    /** Bytes for {@code rows} rows of {@code rowLength} elements; a partial last block still takes a whole block. */
    public long bytes(long rowLength, long rows) {
        long blocksPerRow = (rowLength + blockSize - 1) / blockSize;
        return Math.multiplyExact(Math.multiplyExact(blocksPerRow, blockBytes), rows);
    }
}
