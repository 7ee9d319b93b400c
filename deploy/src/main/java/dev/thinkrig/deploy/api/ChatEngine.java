package dev.thinkrig.deploy.api;

import java.time.Duration;

/** An engine that answers a chat prompt in a stream, the engine's own way. */
public interface ChatEngine {

    /**
     * Sends one user message and reads the streamed answer to the end; {@code timeout} bounds the whole exchange, the
     * last streamed line included (an {@link EngineApiException} of kind TIMEOUT when it passes).
     */
    ChatResult chat(String model, String prompt, int maxTokens, Duration timeout);
}
