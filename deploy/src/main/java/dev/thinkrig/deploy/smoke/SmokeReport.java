package dev.thinkrig.deploy.smoke;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What a smoke test saw.
 *
 * @param trace where the reasoning trace came from
 * @param thinkingTokens tokens of reasoning: the engine's count where it gives one, else the streamed pieces (engines
 *     stream one token per piece)
 * @param decodeTokensPerSecond the engine's own figure (Ollama) or generated tokens over the streaming time
 * @param problems why the test failed; empty when it passed
 * @param warnings what is wrong but not fatal (an inline trace: the reasoning parser is missing or mismatched)
 */
public record SmokeReport(
        String model,
        String expectedAnswer,
        String answer,
        boolean answerCorrect,
        Trace trace,
        long thinkingTokens,
        OptionalDouble timeToFirstTokenSeconds,
        OptionalDouble decodeTokensPerSecond,
        List<String> problems,
        List<String> warnings) {

    /** Where the reasoning trace was found. */
    public enum Trace {
        /** Ollama's {@code message.thinking}. */
        THINKING_FIELD,
        /** vLLM's {@code reasoning}. */
        REASONING_FIELD,
        /** {@code reasoning_content} (older vLLM, NIM). */
        REASONING_CONTENT_FIELD,
        /** Inline in the answer between {@code <think>} tags: the server has no (or the wrong) reasoning parser. */
        INLINE_THINK_TAGS,
        /** No trace at all. */
        NONE
    }

    public SmokeReport {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    public boolean passed() {
        return problems.isEmpty();
    }
}
