package dev.thinkrig.profiles.gguf;

import java.util.List;
import java.util.Objects;

/**
 * A GGUF metadata array. Its values are kept only while the parser's element budget lasts (a vocabulary of 262,144
 * tokens is kept; a hostile file of millions of empty strings is counted, not held in memory).
 *
 * @param length the number of elements the file stores
 * @param values the elements (Integer, Long, Float, Double, Boolean, String or GgufArray), or empty when not kept
 */
public record GgufArray(GgufValueType elementType, long length, List<Object> values, boolean kept) {

    public GgufArray {
        Objects.requireNonNull(elementType, "elementType");
        values = List.copyOf(values);
    }
}
