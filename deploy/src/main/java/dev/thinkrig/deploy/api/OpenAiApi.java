package dev.thinkrig.deploy.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The OpenAI-compatible API of vLLM, NIM and Ollama: {@code GET /v1/models} and streamed
 * {@code POST /v1/chat/completions} (server-sent events, {@code data: {...}} lines ending in {@code data: [DONE]}).
 * The reasoning trace arrives in {@code delta.reasoning} (vLLM since it renamed the field), {@code delta.reasoning_content}
 * (older vLLM, NIM) or not at all, when the server has no reasoning parser for the model.
 */
public final class OpenAiApi implements ChatEngine {

    private final HttpJson http;
    private final String apiKey;

    /** {@code apiKey} is sent as a bearer token when not null (vLLM's --api-key). */
    public OpenAiApi(URI base, String apiKey) {
        this.http = new HttpJson(base);
        this.apiKey = apiKey;
    }

    /** The ids {@code /v1/models} lists. */
    public List<String> models(Duration timeout) {
        HttpJson.Response r = http.get("/v1/models", timeout);
        if (r.status() != 200) {
            throw new EngineApiException(
                    EngineApiException.Kind.HTTP_ERROR,
                    "/v1/models answered " + r.status() + ": " + HttpJson.errorText(r.body()),
                    null);
        }
        List<String> ids = new ArrayList<>();
        HttpJson.parse(r.body(), "/v1/models")
                .path("data")
                .forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }

    /** The status code of a health endpoint ({@code /health} for vLLM, {@code /v1/health/ready} for NIM). */
    public int health(String path, Duration timeout) {
        return http.get(path, timeout).status();
    }

    @Override
    public ChatResult chat(String model, String prompt, int maxTokens, Duration timeout) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "user", "content", prompt)));
        body.put("max_tokens", maxTokens);
        body.put("stream", true);
        body.put("stream_options", Map.of("include_usage", true));
        long start = System.nanoTime();
        List<StreamEvent> events = new ArrayList<>();
        String field = "";
        OptionalLong completion = OptionalLong.empty();
        OptionalLong reasoningTokens = OptionalLong.empty();
        try (LineStream lines = http.postLines("/v1/chat/completions", body, timeout, timeout, apiKey)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                line = line.strip();
                if (!line.startsWith("data:")) {
                    continue; // blank separators, comments, event names
                }
                String data = line.substring("data:".length()).strip();
                if (data.equals("[DONE]")) {
                    break;
                }
                long now = System.nanoTime();
                JsonNode n = HttpJson.parse(data, "/v1/chat/completions");
                if (n.hasNonNull("error")) {
                    throw new EngineApiException(
                            EngineApiException.Kind.ENGINE_ERROR,
                            "the engine reported: " + HttpJson.errorText(data),
                            null);
                }
                for (JsonNode choice : n.path("choices")) {
                    JsonNode delta = choice.path("delta");
                    String reasoning = "";
                    for (String name : List.of("reasoning", "reasoning_content")) {
                        if (delta.hasNonNull(name) && !delta.get(name).asText().isEmpty()) {
                            reasoning = delta.get(name).asText();
                            field = name;
                        }
                    }
                    String content = delta.path("content").asText("");
                    if (!reasoning.isEmpty() || !content.isEmpty()) {
                        events.add(new StreamEvent(reasoning, content, now));
                    }
                }
                JsonNode usage = n.path("usage");
                if (usage.hasNonNull("completion_tokens")) {
                    completion = OptionalLong.of(usage.get("completion_tokens").asLong());
                    JsonNode details = usage.path("completion_tokens_details").path("reasoning_tokens");
                    if (details.isNumber()) {
                        reasoningTokens = OptionalLong.of(details.asLong());
                    }
                }
            }
        }
        return new ChatResult(start, events, field, completion, reasoningTokens, OptionalDouble.empty());
    }
}
