package dev.thinkrig.deploy.api;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A finished streamed chat: the pieces as they arrived and what the engine reported at the end.
 *
 * @param reasoningField where the trace came from ({@code thinking}, {@code reasoning}, {@code reasoning_content}), or
 *     empty when the engine sent none in a field of its own
 * @param completionTokens tokens generated, as the engine counted them
 * @param reasoningTokens reasoning tokens, where the engine counts them separately
 * @param engineDecodeTokensPerSecond decode speed the engine measured itself (Ollama's eval_count / eval_duration)
 */
public record ChatResult(
        long requestNanos,
        List<StreamEvent> events,
        String reasoningField,
        OptionalLong completionTokens,
        OptionalLong reasoningTokens,
        OptionalDouble engineDecodeTokensPerSecond) {

    public ChatResult {
        events = List.copyOf(events);
    }

    public String reasoning() {
        StringBuilder s = new StringBuilder();
        events.forEach(e -> s.append(e.reasoning()));
        return s.toString();
    }

    public String content() {
        StringBuilder s = new StringBuilder();
        events.forEach(e -> s.append(e.content()));
        return s.toString();
    }
}
