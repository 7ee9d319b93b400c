package dev.thinkrig.deploy.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The one HTTP client of the engine APIs: JSON in and out, explicit timeouts, errors that name the endpoint. */
final class HttpJson {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Connecting to a local engine takes milliseconds; a port nobody listens on fails at once. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final URI base;

    HttpJson(URI base) {
        this.base = base;
    }

    URI base() {
        return base;
    }

    /** GET {@code path}; the status code, and the body parsed when it is JSON. */
    Response get(String path, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .GET()
                .build();
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw failure(path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineApiException(EngineApiException.Kind.TIMEOUT, "interrupted waiting for " + path, e);
        }
    }

    /**
     * POST a JSON body and read the answer line by line (NDJSON or server-sent events); {@code timeout} bounds the whole
     * answer, its last line included, not only its headers, and {@code silence} the longest wait for the next bytes.
     */
    LineStream postLines(String path, Object body, Duration timeout, Duration silence, String bearer) {
        long start = System.nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<InputStream> r = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            Duration remaining = timeout.minusNanos(System.nanoTime() - start);
            LineStream lines = new LineStream(r.body(), base.resolve(path), timeout, remaining, silence);
            if (r.statusCode() != 200) {
                List<String> text = new ArrayList<>();
                try (lines) {
                    for (String line = lines.next(); line != null && text.size() < 20; line = lines.next()) {
                        text.add(line);
                    }
                }
                throw new EngineApiException(
                        EngineApiException.Kind.HTTP_ERROR,
                        "POST " + base.resolve(path) + " answered " + r.statusCode() + ": "
                                + errorText(String.join("\n", text)),
                        null);
            }
            return lines;
        } catch (IOException e) {
            throw failure(path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineApiException(EngineApiException.Kind.TIMEOUT, "interrupted waiting for " + path, e);
        }
    }

    static JsonNode parse(String line, String what) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new EngineApiException(
                    EngineApiException.Kind.MALFORMED, what + " sent something that is not JSON: " + line, e);
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a request", e);
        }
    }

    /** An engine's error body ({@code {"error": ...}} from Ollama, {@code {"message": ...}} from OpenAI servers). */
    static String errorText(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n.hasNonNull("error")) {
                JsonNode error = n.get("error");
                return error.isTextual()
                        ? error.asText()
                        : error.path("message").asText(error.toString());
            }
            if (n.hasNonNull("message")) {
                return n.get("message").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: show it as it is
        }
        return body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }

    private EngineApiException failure(String path, IOException e) {
        URI uri = base.resolve(path);
        if (e instanceof HttpTimeoutException) {
            return new EngineApiException(EngineApiException.Kind.TIMEOUT, "no answer from " + uri + " in time", e);
        }
        if (e instanceof ConnectException) {
            return new EngineApiException(
                    EngineApiException.Kind.UNREACHABLE,
                    "nothing answers at " + uri + " (is the engine running, and is that its port?)",
                    e);
        }
        return new EngineApiException(EngineApiException.Kind.UNREACHABLE, "cannot reach " + uri + ": " + e, e);
    }

    record Response(int status, String body) {}
}
