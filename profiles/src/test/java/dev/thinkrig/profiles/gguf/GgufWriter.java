package dev.thinkrig.profiles.gguf;

import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.Tensor;
import dev.thinkrig.sizing.model.TensorRole;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Writes GGUF headers the way gguf-py's GGUFWriter lays them out (key-values, tensor infos with aligned offsets,
 * padding to the data section), for tests. Files get their real size by {@link RandomAccessFile#setLength}, so the
 * tensor data is a hole: a multi-gigabyte model costs no disk.
 */
public final class GgufWriter {

    private final ByteArrayOutputStream kvs = new ByteArrayOutputStream();
    private final List<Object[]> tensors = new ArrayList<>();
    private int version = 3;
    private int kvCount;
    private int alignment = GgufParser.DEFAULT_ALIGNMENT;

    public GgufWriter version(int version) {
        this.version = version;
        return this;
    }

    public GgufWriter alignment(int alignment) {
        this.alignment = alignment;
        return u32("general.alignment", alignment);
    }

    public GgufWriter string(String key, String value) {
        return kv(key, GgufValueType.STRING, value);
    }

    public GgufWriter u32(String key, long value) {
        return kv(key, GgufValueType.UINT32, value);
    }

    /** A key-value of any type; arrays are written with {@link #array}. */
    public GgufWriter kv(String key, GgufValueType type, Object value) {
        writeString(kvs, key);
        writeU32(kvs, type.ordinal());
        writeValue(kvs, type, value);
        kvCount++;
        return this;
    }

    public GgufWriter array(String key, GgufValueType elementType, List<?> values) {
        writeString(kvs, key);
        writeU32(kvs, GgufValueType.ARRAY.ordinal());
        writeArray(kvs, elementType, values);
        kvCount++;
        return this;
    }

    /** A tensor; {@code dims} in ggml order, row length first. */
    public GgufWriter tensor(String name, GgmlType type, long... dims) {
        tensors.add(new Object[] {name, type, dims});
        return this;
    }

    /** Metadata and tensors of a model of {@code shape} quantized as llama.cpp's mix {@code quant} would. */
    public static GgufWriter model(ModelShape shape, Quantization quant, int fileType, int vocabStrings) {
        String a = shape.architecture().id() + ".";
        GgufWriter w = new GgufWriter()
                .string("general.architecture", shape.architecture().id())
                .string("general.name", "Test Model")
                .u32(a + "block_count", shape.layers())
                .u32(a + "context_length", shape.maxContextTokens())
                .u32(a + "embedding_length", shape.hiddenSize())
                .u32(a + "feed_forward_length", shape.intermediateSize())
                .u32(a + "attention.head_count", shape.attentionHeads())
                .u32(a + "attention.head_count_kv", shape.kvHeads())
                // latent attention: the per-head key (nope + rope) and value sizes
                .u32(
                        a + "attention.key_length",
                        shape.latentAttention().map(m -> m.keyHeadDim()).orElse(shape.headDim()))
                .u32(
                        a + "attention.value_length",
                        shape.latentAttention().map(m -> m.vHeadDim()).orElse(shape.headDim()))
                .u32("general.file_type", fileType)
                .string("tokenizer.ggml.model", "gpt2")
                .array(
                        "tokenizer.ggml.tokens",
                        GgufValueType.STRING,
                        Collections.nCopies((int) Math.min(vocabStrings, shape.vocabSize()), "tok"));
        // convert_hf_to_gguf.py's keys for the mixture-of-experts, latent-attention and sliding-window parts
        // (gguf-py/gguf/constants.py Keys.LLM / Keys.Attention)
        shape.experts().ifPresent(e -> {
            w.u32(a + "expert_count", e.count())
                    .u32(a + "expert_used_count", e.perToken())
                    .u32(a + "expert_feed_forward_length", e.ffnSize());
            if (shape.architecture() == Architecture.DEEPSEEK2) {
                w.u32(a + "expert_shared_count", e.shared())
                        .u32(a + "leading_dense_block_count", e.leadingDenseLayers());
            }
        });
        shape.latentAttention().ifPresent(m -> {
            // a file converted before llama.cpp's MLA rework: per-head key and value sizes in key_length and
            // value_length, the rotary part in rope.dimension_count
            w.u32(a + "attention.q_lora_rank", m.qLoraRank())
                    .u32(a + "attention.kv_lora_rank", m.kvLoraRank())
                    .u32(a + "rope.dimension_count", m.qkRopeHeadDim());
        });
        shape.slidingWindow().ifPresent(sw -> w.u32(a + "attention.sliding_window", sw.window()));
        if (vocabStrings < shape.vocabSize()) {
            // a vocabulary too large to write in a unit test is stated by its size instead
            w.u32(a + "vocab_size", shape.vocabSize());
        }
        for (Tensor t : shape.tensors()) {
            GgmlType type =
                    GgmlType.valueOf(quant.typeFor(t, shape, WeightFormat.GGUF).name());
            if (t.role() == TensorRole.VECTOR) {
                w.tensor(t.name(), type, t.rowLength());
            } else {
                w.tensor(t.name(), type, t.rowLength(), t.rows());
            }
        }
        return w;
    }

    /** A copy with the same key-values and no tensors (a first shard starts this way). */
    public GgufWriter withoutTensors() {
        GgufWriter copy = new GgufWriter();
        copy.kvs.writeBytes(kvs.toByteArray());
        copy.kvCount = kvCount;
        copy.version = version;
        copy.alignment = alignment;
        return copy;
    }

    /** The header, padded to the data section. */
    public byte[] header() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeU32(out, GgufParser.MAGIC);
        writeU32(out, version);
        writeU64(out, tensors.size());
        writeU64(out, kvCount);
        out.writeBytes(kvs.toByteArray());
        long offset = 0;
        for (Object[] t : tensors) {
            GgmlType type = (GgmlType) t[1];
            long[] dims = (long[]) t[2];
            writeString(out, (String) t[0]);
            writeU32(out, dims.length);
            long elements = 1;
            for (long d : dims) {
                writeU64(out, d);
                elements *= d;
            }
            writeU32(out, type.id());
            writeU64(out, offset);
            offset = GgufParser.align(offset + type.bytes(elements), alignment);
        }
        while (out.size() % alignment != 0) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /** Bytes of tensor data, each tensor padded to the alignment. */
    public long dataBytes() {
        long offset = 0;
        for (Object[] t : tensors) {
            long elements = 1;
            for (long d : (long[]) t[2]) {
                elements *= d;
            }
            offset = GgufParser.align(offset + ((GgmlType) t[1]).bytes(elements), alignment);
        }
        return offset;
    }

    /** The whole file's size: header, then the data section. */
    public long fileSize() {
        return header().length + dataBytes();
    }

    /** Writes the header and extends the file to its full size without writing the data (a sparse file). */
    public Path write(Path file) throws IOException {
        byte[] header = header();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
            f.write(header);
            f.setLength(header.length + dataBytes());
        }
        return file;
    }

    static void writeValue(ByteArrayOutputStream out, GgufValueType type, Object value) {
        switch (type) {
            case UINT8, INT8 -> out.write(((Number) value).intValue());
            case UINT16, INT16 -> {
                int v = ((Number) value).intValue();
                out.write(v);
                out.write(v >> 8);
            }
            case UINT32, INT32 -> writeU32(out, ((Number) value).longValue());
            case FLOAT32 -> writeU32(out, Float.floatToIntBits(((Number) value).floatValue()));
            case BOOL -> out.write(((Boolean) value) ? 1 : 0);
            case STRING -> writeString(out, (String) value);
            case UINT64, INT64 -> writeU64(out, ((Number) value).longValue());
            case FLOAT64 -> writeU64(out, Double.doubleToLongBits(((Number) value).doubleValue()));
            case ARRAY -> throw new IllegalArgumentException("use array()");
            default -> throw new IllegalStateException();
        }
    }

    static void writeArray(ByteArrayOutputStream out, GgufValueType elementType, List<?> values) {
        writeU32(out, elementType.ordinal());
        writeU64(out, values.size());
        for (Object v : values) {
            if (elementType == GgufValueType.ARRAY) {
                Object[] nested = (Object[]) v;
                writeArray(out, (GgufValueType) nested[0], (List<?>) nested[1]);
            } else {
                writeValue(out, elementType, v);
            }
        }
    }

    static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeU64(out, b.length);
        out.writeBytes(b);
    }

    static void writeU32(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) v)
                .array());
    }

    static void writeU64(ByteArrayOutputStream out, long v) {
        out.writeBytes(
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }
}
