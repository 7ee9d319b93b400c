package dev.thinkrig.profiles.gguf;

import java.util.List;

/**
 * One tensor as the GGUF header describes it.
 *
 * @param dimensions ggml's {@code ne}: {@code dimensions.get(0)} is the row length, along which blocks run
 * @param offset where its data starts, relative to the file's data section
 */
public record GgufTensorInfo(String name, List<Long> dimensions, GgmlType type, long offset) {

    public GgufTensorInfo {
        dimensions = List.copyOf(dimensions);
    }

    public long elements() {
        long n = 1;
        for (long d : dimensions) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes of its data: whole blocks of its type (the header is checked so that rows split into blocks). */
    public long bytes() {
        return type.bytes(elements());
    }
}
