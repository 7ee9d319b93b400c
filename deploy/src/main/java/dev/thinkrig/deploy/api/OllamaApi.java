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
import java.util.function.Consumer;

/**
 * Ollama's REST API (docs/api.md in the Ollama repository): {@code GET /api/version}, {@code POST /api/pull} and
 * {@code POST /api/chat} stream NDJSON, {@code GET /api/ps} lists loaded models with {@code size_vram}.
 */
public final class OllamaApi implements ChatEngine {

    private final HttpJson http;

    public OllamaApi(URI base) {
        this.http = new HttpJson(base);
    }

    /** The server's version, or an exception saying why there is none. */
    public String version(Duration timeout) {
        HttpJson.Response r = http.get("/api/version", timeout);
        if (r.status() != 200) {
            throw new EngineApiException(
                    EngineApiException.Kind.HTTP_ERROR, "/api/version answered " + r.status(), null);
        }
        return HttpJson.parse(r.body(), "/api/version").path("version").asText();
    }

    /** The names of the models {@code GET /api/tags} lists (pulled, not necessarily loaded). */
    public List<String> tags(Duration timeout) {
        HttpJson.Response r = http.get("/api/tags", timeout);
        if (r.status() != 200) {
            throw new EngineApiException(EngineApiException.Kind.HTTP_ERROR, "/api/tags answered " + r.status(), null);
        }
        List<String> names = new ArrayList<>();
        HttpJson.parse(r.body(), "/api/tags")
                .path("models")
                .forEach(m -> names.add(m.path("name").asText()));
        return names;
    }

    /**
     * The longest a pull may send nothing before it counts as stalled: Ollama reports progress as the bytes of each
     * layer arrive (server/download.go), and the longest quiet step is the sha256 check of a finished layer, under a
     * minute for a 40 GB file on a disk that reads 1 GB/s.
     */
    static final Duration PULL_SILENCE = Duration.ofMinutes(10);

    /** One progress line of a pull: the layer's digest, its size and how much of it has arrived. */
    public record PullProgress(String status, String digest, long total, long completed) {}

    /**
     * Pulls {@code model}, reporting each progress line; returns when Ollama says success, throws with Ollama's own
     * message when it says error.
     */
    public void pull(String model, Duration timeout, Consumer<PullProgress> progress) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("stream", true);
        try (LineStream lines = http.postLines("/api/pull", body, timeout, PULL_SILENCE, null)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = HttpJson.parse(line, "/api/pull");
                if (n.hasNonNull("error")) {
                    throw new EngineApiException(
                            EngineApiException.Kind.ENGINE_ERROR,
                            "Ollama could not pull " + model + ": "
                                    + n.get("error").asText(),
                            null);
                }
                String status = n.path("status").asText();
                progress.accept(new PullProgress(
                        status,
                        n.path("digest").asText(""),
                        n.path("total").asLong(0),
                        n.path("completed").asLong(0)));
                if (status.equals("success")) {
                    return;
                }
            }
        }
        throw new EngineApiException(
                EngineApiException.Kind.MALFORMED, "Ollama's pull of " + model + " ended without success", null);
    }

    /** A loaded model as {@code /api/ps} reports it; {@code sizeVram} equals {@code size} when fully on the GPU. */
    public record LoadedModel(String name, long size, long sizeVram, long contextLength) {}

    public List<LoadedModel> ps(Duration timeout) {
        HttpJson.Response r = http.get("/api/ps", timeout);
        if (r.status() != 200) {
            throw new EngineApiException(EngineApiException.Kind.HTTP_ERROR, "/api/ps answered " + r.status(), null);
        }
        List<LoadedModel> out = new ArrayList<>();
        for (JsonNode m : HttpJson.parse(r.body(), "/api/ps").path("models")) {
            out.add(new LoadedModel(
                    m.path("name").asText(),
                    m.path("size").asLong(),
                    m.path("size_vram").asLong(),
                    m.path("context_length").asLong(0)));
        }
        return out;
    }

    /**
     * {@code POST /api/chat} with {@code think: true}, streamed: each line carries {@code message.thinking} (the trace)
     * or {@code message.content}; the last one ({@code done: true}) has {@code eval_count} and {@code eval_duration} in
     * nanoseconds.
     */
    @Override
    public ChatResult chat(String model, String prompt, int maxTokens, Duration timeout) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "user", "content", prompt)));
        body.put("think", true);
        body.put("stream", true);
        body.put("options", Map.of("num_predict", maxTokens));
        long start = System.nanoTime();
        List<StreamEvent> events = new ArrayList<>();
        OptionalLong evalCount = OptionalLong.empty();
        OptionalDouble rate = OptionalDouble.empty();
        boolean thinkingField = false;
        try (LineStream lines = http.postLines("/api/chat", body, timeout, timeout, null)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.isBlank()) {
                    continue;
                }
                long now = System.nanoTime();
                JsonNode n = HttpJson.parse(line, "/api/chat");
                if (n.hasNonNull("error")) {
                    throw new EngineApiException(
                            EngineApiException.Kind.ENGINE_ERROR,
                            "Ollama: " + n.get("error").asText(),
                            null);
                }
                String thinking = n.path("message").path("thinking").asText("");
                String content = n.path("message").path("content").asText("");
                thinkingField |= !thinking.isEmpty();
                if (!thinking.isEmpty() || !content.isEmpty()) {
                    events.add(new StreamEvent(thinking, content, now));
                }
                if (n.path("done").asBoolean(false)) {
                    long count = n.path("eval_count").asLong(0);
                    long nanos = n.path("eval_duration").asLong(0);
                    evalCount = OptionalLong.of(count);
                    if (count > 0 && nanos > 0) {
                        rate = OptionalDouble.of(count / (nanos / 1e9));
                    }
                    break;
                }
            }
        }
        return new ChatResult(start, events, thinkingField ? "thinking" : "", evalCount, OptionalLong.empty(), rate);
    }
}
