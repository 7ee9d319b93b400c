package dev.thinkrig.profiles.enginelog;

import java.util.Objects;

/**
 * One figure a log gives.
 *
 * @param value bytes, or tokens for {@link LogTerm#KV_CAPACITY_TOKENS}; vLLM can log a negative KV pool
 * @param line the 1-based line it was read from (the first, where several lines add up)
 * @param detail how it was read ("GPU KV cache size", "sum of 2 devices", "rank 0 of 2"), for the reader
 */
public record LogFigure(LogTerm term, long value, int line, String detail) {

    public LogFigure {
        Objects.requireNonNull(term, "term");
        Objects.requireNonNull(detail, "detail");
    }
}
