package dev.thinkrig.profiles.gguf;

import dev.thinkrig.profiles.ChannelReader;
import dev.thinkrig.profiles.ModelFileException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the header of a GGUF file, versions 2 and 3 (magic, version, counts, metadata key-values, tensor infos), as
 * ggml's gguf.cpp ({@code gguf_init_from_file_impl}) reads it, without reading tensor data. Every count and length is
 * checked against the bytes left in the file and a sane limit before anything is allocated, so a hostile file gives a
 * {@link ModelFileException} with its offset, never an out-of-memory error or a long loop.
 */
public final class GgufParser {

    /** "GGUF" as the first four bytes, read as a little-endian uint32 (gguf.h GGUF_MAGIC). */
    static final int MAGIC = 0x46554747;

    /** ggml's GGUF_DEFAULT_ALIGNMENT, used when {@code general.alignment} is absent. */
    static final int DEFAULT_ALIGNMENT = 32;

    /** ggml's GGML_MAX_DIMS. */
    static final int MAX_DIMENSIONS = 4;

    /** ggml's GGML_MAX_NAME: a tensor name must be shorter (it is stored with a NUL in 64 bytes). */
    static final int MAX_TENSOR_NAME_BYTES = 64;

    /**
     * The longest string accepted: chat templates, the longest strings real files hold, are tens of kilobytes.
     * Anything longer is a corrupt length, not a template.
     */
    static final int MAX_STRING_BYTES = 16 * 1024 * 1024;

    /**
     * The most bytes metadata and tensor infos may take. Real headers are a few megabytes (a 262,144-token vocabulary
     * with its merges and scores is about 15 MB); this bounds the time a hostile file with a huge "metadata" section
     * can take.
     */
    static final long MAX_HEADER_BYTES = 256L * 1024 * 1024;

    /** More key-values or tensors than this is corrupt (DeepSeek-V3 GGUFs have about 1,100 tensors). */
    static final long MAX_COUNT = 1L << 20;

    /**
     * Array elements kept in memory over the whole file (a 262,144-token vocabulary with scores, types and merges is
     * about a million); beyond this arrays keep only their length, so millions of empty strings cost no memory.
     */
    static final long KEPT_ELEMENT_BUDGET = 2L * 1024 * 1024;

    /** Arrays of arrays deeper than this are corrupt (real files nest none). */
    static final int MAX_ARRAY_DEPTH = 3;

    private final ChannelReader in;
    private long keptElementsLeft = KEPT_ELEMENT_BUDGET;

    private GgufParser(ChannelReader in) {
        this.in = in;
    }

    /** Reads the header of the GGUF file open on {@code channel}; {@code source} names it in errors. */
    public static GgufHeader parse(SeekableByteChannel channel, String source) {
        return new GgufParser(new ChannelReader(channel, source)).header();
    }

    private GgufHeader header() {
        if (in.size() < 4) {
            throw in.error(0, "not a GGUF file: " + in.size() + " bytes, shorter than the 4-byte magic");
        }
        int magic = (int) in.u32();
        if (magic != MAGIC) {
            throw in.error(0, "not a GGUF file: the magic is " + hex(magic) + ", not \"GGUF\"");
        }
        long versionAt = in.position();
        long version = in.u32();
        if (version == 1) {
            throw in.error(versionAt, "GGUF version 1 (2023) is not supported; versions 2 and 3 are");
        }
        if (version != 2 && version != 3) {
            String hint = (version & 0xffff) == 0 && version != 0 ? " (a big-endian file?)" : "";
            throw in.error(versionAt, "unsupported GGUF version " + version + hint + "; versions 2 and 3 are");
        }
        long tensorCount = count("tensor count", 8 + 4 + 8 + 4 + 8);
        long kvCount = count("metadata key-value count", 8 + 4 + 1);

        Map<String, Object> metadata = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            long at = in.position();
            String key = string("key");
            if (key.isEmpty()) {
                throw in.error(at, "empty metadata key");
            }
            long typeAt = in.position();
            GgufValueType type = valueType(typeAt);
            Object value =
                    type == GgufValueType.ARRAY && key.startsWith(TOKENIZER_ARRAYS) ? lengthOnly() : value(type, 0);
            if (metadata.putIfAbsent(key, value) != null) {
                throw in.error(at, "duplicate metadata key '" + key + "'");
            }
            checkHeaderSize();
        }

        int alignment = alignment(metadata);
        List<GgufTensorInfo> tensors = new ArrayList<>((int) Math.min(tensorCount, 4096));
        Set<String> names = new HashSet<>();
        List<Long> infoOffsets = new ArrayList<>();
        for (long i = 0; i < tensorCount; i++) {
            long at = in.position();
            infoOffsets.add(at);
            GgufTensorInfo t = tensorInfo(at);
            if (!names.add(t.name())) {
                throw in.error(at, "duplicate tensor '" + t.name() + "'");
            }
            tensors.add(t);
            checkHeaderSize();
        }
        long dataOffset = align(in.position(), alignment);
        checkData(tensors, infoOffsets, alignment, dataOffset);
        return new GgufHeader(in.source(), (int) version, metadata, tensors, alignment, dataOffset, in.size());
    }

    /** A uint64 count, each item of which takes at least {@code minItemBytes}: more than the file can hold is corrupt. */
    private long count(String what, int minItemBytes) {
        long at = in.position();
        long n = in.i64();
        if (n < 0 || n > MAX_COUNT) {
            throw in.error(at, what + " " + Long.toUnsignedString(n) + " is absurd (at most " + MAX_COUNT + ")");
        }
        if (n > in.remaining() / minItemBytes) {
            throw in.error(at, what + " " + n + " cannot fit in the " + in.remaining() + " bytes left in the file");
        }
        return n;
    }

    private void checkHeaderSize() {
        if (in.position() > MAX_HEADER_BYTES) {
            throw in.error(in.position(), "metadata and tensor infos exceed " + MAX_HEADER_BYTES + " bytes");
        }
    }

    private GgufValueType valueType(long at) {
        long id = in.u32();
        return GgufValueType.byId(id)
                .orElseThrow(() -> in.error(at, "unknown metadata value type " + id + " (known: 0 to 12)"));
    }

    private Object value(GgufValueType type, int depth) {
        long at = in.position();
        switch (type) {
            case UINT8:
                return in.u8();
            case INT8:
                return (int) (byte) in.u8();
            case UINT16:
                return in.u16();
            case INT16:
                return (int) (short) in.u16();
            case UINT32:
                return in.u32();
            case INT32:
                return in.i32();
            case FLOAT32:
                return in.f32();
            case BOOL: {
                int b = in.u8();
                if (b > 1) {
                    throw in.error(at, "boolean value " + b + " is neither 0 nor 1");
                }
                return b == 1;
            }
            case STRING:
                return string("string value");
            case UINT64:
            case INT64:
                return in.i64();
            case FLOAT64:
                return in.f64();
            case ARRAY:
                return array(depth);
            default:
                throw new IllegalStateException("unhandled type " + type);
        }
    }

    /**
     * The tokenizer's arrays ({@code tokenizer.ggml.tokens}, {@code .merges}, {@code .token_type}, {@code .scores}):
     * sizing reads only the vocabulary's length, and a Llama-3 header holds 128,256 tokens and 280,147 merges, 400,000
     * strings, most of its 7.6 MB. They are walked, every length checked against the file, and not decoded or kept.
     */
    static final String TOKENIZER_ARRAYS = "tokenizer.ggml.";

    /** An array's element type and its length, checked against what the file has left. */
    private record ArrayHead(GgufValueType elementType, long length) {}

    private ArrayHead arrayHead() {
        GgufValueType elementType = valueType(in.position());
        long lengthAt = in.position();
        long length = in.i64();
        // a string takes at least its 8-byte length, an array its 4-byte type and 8-byte length
        int minElementBytes = switch (elementType) {
            case STRING -> 8;
            case ARRAY -> 12;
            default -> elementType.fixedSize();
        };
        if (length < 0 || length > in.remaining() / minElementBytes) {
            throw in.error(
                    lengthAt,
                    "array of " + Long.toUnsignedString(length) + " " + elementType + " elements cannot fit in the "
                            + in.remaining() + " bytes left in the file");
        }
        return new ArrayHead(elementType, length);
    }

    private GgufArray lengthOnly() {
        long at = in.position();
        ArrayHead head = arrayHead();
        GgufValueType elementType = head.elementType();
        long length = head.length();
        if (elementType == GgufValueType.ARRAY) {
            throw in.error(at, "tokenizer array of arrays");
        }
        if (elementType != GgufValueType.STRING) {
            in.skip(length * elementType.fixedSize());
        } else {
            for (long i = 0; i < length; i++) {
                long stringAt = in.position();
                long bytes = in.i64();
                if (bytes < 0 || bytes > in.remaining() || bytes > MAX_STRING_BYTES) {
                    throw in.error(
                            stringAt,
                            "array element length " + Long.toUnsignedString(bytes) + " runs past the end of the file ("
                                    + in.remaining() + " bytes left) or exceeds " + MAX_STRING_BYTES + " bytes");
                }
                in.skip(bytes);
                if ((i & 0xffff) == 0xffff) {
                    checkHeaderSize();
                }
            }
        }
        return new GgufArray(elementType, length, List.of(), false);
    }

    private GgufArray array(int depth) {
        long at = in.position();
        if (depth >= MAX_ARRAY_DEPTH) {
            throw in.error(at, "arrays nested deeper than " + MAX_ARRAY_DEPTH);
        }
        ArrayHead head = arrayHead();
        GgufValueType elementType = head.elementType();
        long length = head.length();
        boolean keep = length <= keptElementsLeft;
        if (keep) {
            keptElementsLeft -= length;
        }
        if (!keep && elementType.fixedSize() > 0) {
            in.skip(length * elementType.fixedSize());
            return new GgufArray(elementType, length, List.of(), false);
        }
        List<Object> values = new ArrayList<>(keep ? (int) Math.min(length, 1 << 16) : 0);
        for (long i = 0; i < length; i++) {
            Object v = value(elementType, depth + 1);
            if (keep) {
                values.add(v);
            }
            if ((i & 0xffff) == 0xffff) {
                checkHeaderSize();
            }
        }
        return new GgufArray(elementType, length, values, keep);
    }

    private String string(String what) {
        long at = in.position();
        long length = in.i64();
        if (length < 0 || length > in.remaining()) {
            throw in.error(
                    at,
                    what + " length " + Long.toUnsignedString(length) + " runs past the end of the file ("
                            + in.remaining() + " bytes left)");
        }
        if (length > MAX_STRING_BYTES) {
            throw in.error(at, what + " length " + length + " exceeds the " + MAX_STRING_BYTES + "-byte limit");
        }
        byte[] bytes = in.bytes((int) length);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw in.error(at + 8, what + " is not valid UTF-8");
        }
    }

    private int alignment(Map<String, Object> metadata) {
        Object value = metadata.get("general.alignment");
        if (value == null) {
            return DEFAULT_ALIGNMENT;
        }
        // gguf.cpp requires a uint32 power of two
        if (!(value instanceof Long a) || a == 0 || Long.bitCount(a) != 1 || a > (1 << 30)) {
            throw in.error(
                    ModelFileException.NO_OFFSET, "general.alignment must be a uint32 power of two, was " + value);
        }
        return (int) (long) a;
    }

    private GgufTensorInfo tensorInfo(long at) {
        String name = string("tensor name");
        if (name.getBytes(StandardCharsets.UTF_8).length >= MAX_TENSOR_NAME_BYTES) {
            throw in.error(
                    at, "tensor name '" + name + "' is longer than ggml's " + (MAX_TENSOR_NAME_BYTES - 1) + " bytes");
        }
        long dimsAt = in.position();
        long nDims = in.u32();
        if (nDims < 1 || nDims > MAX_DIMENSIONS) {
            throw in.error(dimsAt, "tensor '" + name + "' has " + nDims + " dimensions (1 to " + MAX_DIMENSIONS + ")");
        }
        List<Long> dims = new ArrayList<>((int) nDims);
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            long dimAt = in.position();
            long ne = in.i64();
            if (ne < 0) {
                throw in.error(dimAt, "tensor '" + name + "' has a negative dimension " + Long.toUnsignedString(ne));
            }
            if (ne != 0 && elements > Long.MAX_VALUE / ne) {
                throw in.error(dimAt, "tensor '" + name + "' has more elements than a 64-bit count holds");
            }
            elements *= ne;
            dims.add(ne);
        }
        long typeAt = in.position();
        long typeId = in.u32();
        GgmlType type = GgmlType.byId(typeId)
                .orElseThrow(() -> in.error(
                        typeAt,
                        "tensor '" + name + "' has unknown or removed ggml type " + typeId + " (known: "
                                + GgmlType.knownIds() + ")"));
        if (dims.get(0) % type.blockSize() != 0) {
            throw in.error(
                    dimsAt,
                    "tensor '" + name + "' has rows of " + dims.get(0) + " elements, not a multiple of " + type.name()
                            + "'s block of " + type.blockSize());
        }
        long offsetAt = in.position();
        long offset = in.i64();
        if (offset < 0) {
            throw in.error(offsetAt, "tensor '" + name + "' has offset " + Long.toUnsignedString(offset));
        }
        return new GgufTensorInfo(name, dims, type, offset);
    }

    /**
     * gguf.cpp's layout rule: tensors lie one after another in header order, each padded to the alignment; and the
     * data must be in the file (a truncated download fails here, not when a model server loads it).
     */
    private void checkData(List<GgufTensorInfo> tensors, List<Long> infoOffsets, int alignment, long dataOffset) {
        long expected = 0;
        for (int i = 0; i < tensors.size(); i++) {
            GgufTensorInfo t = tensors.get(i);
            long at = infoOffsets.get(i);
            if (t.offset() != expected) {
                throw in.error(
                        at,
                        "tensor '" + t.name() + "' has data offset " + t.offset() + ", expected " + expected
                                + " (tensors follow each other, aligned to " + alignment + " bytes)");
            }
            long bytes;
            try {
                bytes = t.bytes();
                expected = Math.addExact(expected, align(bytes, alignment));
            } catch (ArithmeticException e) {
                throw in.error(at, "tensor '" + t.name() + "' is larger than a 64-bit size holds");
            }
            long end = dataOffset + t.offset() + bytes;
            if (end > in.size() || end < 0) {
                throw in.error(
                        at,
                        "tensor '" + t.name() + "' data ends at byte " + end + " but the file has " + in.size()
                                + " bytes (truncated file?)");
            }
        }
    }

    static long align(long offset, int alignment) {
        return Math.addExact(offset, alignment - 1) / alignment * alignment;
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
