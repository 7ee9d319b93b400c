package dev.thinkrig.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A STAND-IN engine for tests only: an HTTP server on loopback that speaks the shapes of Ollama's API (NDJSON streams
 * of {@code message.thinking} / {@code message.content}, pull progress, {@code /api/ps}) and of the OpenAI-compatible
 * API of vLLM and NIM (server-sent events with {@code delta.reasoning} or {@code delta.reasoning_content}), as the
 * engines' docs describe them (shared/reference/engines.md). {@link Mode} selects the behaviour under test.
 */
public final class StandInEngine implements AutoCloseable {

    /** What the stand-in does. */
    public enum Mode {
        CORRECT,
        WRONG_ANSWER,
        EMPTY_ANSWER,
        NO_TRACE,
        INLINE_THINK,
        PULL_ERROR,
        /** Streams thinking without end, a piece every 20 ms. */
        ENDLESS_THINKING,
        /** Streams 1 MiB pieces of thinking without a line break, without end. */
        NO_LINE_BREAKS,
        /** Wraps the right answer in terminal escape sequences (clear screen, window title). */
        ESCAPES,
        /** Dies in the middle of the model pull, as an engine killed for memory does ({@link #onDeath}). */
        DIES_IN_PULL
    }

    /** What dying means: in a container, the process ends (StandInMain halts); in a test, the server stops. */
    private volatile Runnable onDeath = this::close;

    /** The answer of {@link Mode#ESCAPES}: clears the screen and sets the window title around "391". */
    public static final String ESCAPED_ANSWER = "\u001b[2J\u001b]0;pwned\u0007The total is 391.\u001b[0m";

    private static final Pattern PULLED_MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");

    static final List<String> THOUGHTS =
            List.of("17 shelves of 23 boxes.", " 17 x 20 = 340,", " 17 x 3 = 51,", " 340 + 51 = 391.");

    /** What the stand-in reports as its model's weights in {@code /api/ps}: a made-up 1.5B model at 8 bits. */
    static final long WEIGHTS_BYTES = 1_600_000_000L;

    /**
     * KV cache bytes per token the stand-in reports: 28 layers x 2 KV heads x 128 head dim x 2 (K,V) x 2 bytes (F16),
     * DeepSeek-R1-Distill-Qwen-1.5B's shape (its config.json).
     */
    static final long KV_BYTES_PER_TOKEN = 28L * 2 * 128 * 2 * 2;

    /** Ollama's context when OLLAMA_CONTEXT_LENGTH is not set (docs/faq.md: 4096 tokens). */
    static final long DEFAULT_CONTEXT = 4096;

    /** A setting of the stand-in only: {@code 1} reports the model as fully on a GPU ({@code size_vram == size}). */
    public static final String ON_GPU = "STANDIN_ON_GPU";

    /**
     * What the stand-in logs while it "downloads" its model, in the shapes a vLLM container logs before {@code /health}
     * answers: huggingface_hub's tqdm bars per safetensors file (unit="B", unit_scale=True, as in vllm-project/vllm#12177)
     * and vLLM's shard loader ({@code Loading safetensors checkpoint shards: ... Completed | i/n}, vllm-project/vllm#6689).
     * A container without a terminal logs tqdm's redraws separated by carriage returns on one line.
     */
    public static final List<String> DOWNLOAD_LOG = List.of(
            "INFO 11-22 06:00:01 [api_server.py:1839] vLLM API server version 0.11.0 (stand-in, tests only)",
            "model-00001-of-00002.safetensors:   0%|          | 0.00/4.90G [00:00<?, ?B/s]"
                    + "\rmodel-00001-of-00002.safetensors:  45%|####5     | 2.20G/4.90G [00:10<00:12, 220MB/s]",
            "model-00001-of-00002.safetensors: 100%|##########| 4.90G/4.90G [00:22<00:00, 220MB/s]",
            "model-00002-of-00002.safetensors:  60%|######    | 2.10G/3.50G [00:09<00:06, 230MB/s]",
            "Loading safetensors checkpoint shards:  50% Completed | 1/2 [00:01<00:01,  1.20s/it]",
            "Loading safetensors checkpoint shards: 100% Completed | 2/2 [00:02<00:00,  1.10s/it]",
            "INFO:     Application startup complete.");

    private final HttpServer server;
    private final Map<String, String> settings;
    private volatile String loaded = "standin:1b";
    private final java.util.concurrent.atomic.AtomicBoolean modelLoaded =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Mode mode = Mode.CORRECT;
    /** The OpenAI reasoning field name: vLLM's {@code reasoning} or the older {@code reasoning_content}. */
    private volatile String reasoningField = "reasoning";
    /** Lines still to log before {@code /health} answers 200; empty once ready. */
    private final java.util.Deque<String> toDownload = new java.util.ArrayDeque<>();
    /** What the stand-in logged, as a container's log. */
    private final List<String> log = new java.util.ArrayList<>();

    public StandInEngine() throws IOException {
        this(Map.of());
    }

    /** A stand-in on loopback whose {@code /api/ps} follows {@code settings} (Ollama's environment variables). */
    public StandInEngine(Map<String, String> settings) throws IOException {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), settings);
    }

    /** A stand-in listening on {@code address} (StandInMain: every interface of its container). */
    public StandInEngine(InetSocketAddress address, Map<String, String> settings) throws IOException {
        this.settings = Map.copyOf(settings);
        server = HttpServer.create(address, 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public StandInEngine mode(Mode m) {
        this.mode = m;
        return this;
    }

    /** What {@link Mode#DIES_IN_PULL} does when it dies. */
    public StandInEngine onDeath(Runnable death) {
        this.onDeath = death;
        return this;
    }

    public StandInEngine reasoningField(String name) {
        this.reasoningField = name;
        return this;
    }

    /**
     * A slow start that downloads: each {@code GET /health} logs the next line of {@link #DOWNLOAD_LOG} and answers 503
     * (vLLM answers nothing at all until its server is up) until the lines are all logged; then it answers 200.
     */
    public StandInEngine downloading() {
        synchronized (log) {
            toDownload.clear();
            toDownload.addAll(DOWNLOAD_LOG);
        }
        return this;
    }

    /** What the stand-in logged so far, oldest first. */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        switch (path) {
            case "/api/version" -> send(x, 200, "{\"version\":\"0.32.0-standin\"}");
            case "/api/tags" -> send(x, 200, "{\"models\":[{\"name\":\"standin:1b\",\"size\":1200000000}]}");
            case "/api/ps" -> send(x, 200, ps());
            case "/api/pull" -> pull(x, body);
            case "/api/chat" -> ollamaChat(x);
            case "/health" -> health(x);
            case "/v1/models" -> send(x, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"standin\"}]}");
            case "/v1/chat/completions" -> openAiChat(x);
            default -> send(x, 404, "{\"error\":\"not found\"}");
        }
    }

    private void health(HttpExchange x) throws IOException {
        synchronized (log) {
            String next = toDownload.poll();
            if (next != null) {
                log.add(next);
                if (!toDownload.isEmpty()) {
                    send(x, 503, "");
                    return;
                }
            }
        }
        send(x, 200, "");
    }

    /**
     * {@code GET /api/ps} in the shape of Ollama's docs/api.md ("List Running Models"): the loaded model's {@code size}
     * is the weights plus the KV cache for OLLAMA_CONTEXT_LENGTH x OLLAMA_NUM_PARALLEL tokens; {@code size_vram} is 0 as
     * on a machine without a GPU, or all of it with {@link #ON_GPU}.
     */
    private String ps() {
        long context = Long.parseLong(settings.getOrDefault("OLLAMA_CONTEXT_LENGTH", Long.toString(DEFAULT_CONTEXT)));
        long parallel = Long.parseLong(settings.getOrDefault("OLLAMA_NUM_PARALLEL", "1"));
        long size = WEIGHTS_BYTES + context * parallel * KV_BYTES_PER_TOKEN;
        long vram = "1".equals(settings.get(ON_GPU)) ? size : 0;
        return "{\"models\":[{\"name\":" + json(loaded) + ",\"model\":" + json(loaded) + ",\"size\":" + size
                + ",\"digest\":\"6a0746a1ec1a\",\"details\":{\"format\":\"gguf\",\"family\":\"qwen2\"},"
                + "\"expires_at\":\"2318-08-01T00:00:00Z\",\"size_vram\":" + vram + ",\"context_length\":" + context
                + "}]}";
    }

    private void pull(HttpExchange x, String body) throws IOException {
        Matcher model = PULLED_MODEL.matcher(body);
        if (model.find() && mode != Mode.PULL_ERROR) {
            loaded = model.group(1);
        }
        if (mode == Mode.DIES_IN_PULL) {
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            out.write(("{\"status\":\"pulling manifest\"}\n{\"status\":\"pulling 6a0746a1ec1a\",\"digest\":"
                            + "\"sha256:6a0746a1ec1a\",\"total\":" + WEIGHTS_BYTES + ",\"completed\":"
                            + WEIGHTS_BYTES / 4
                            + "}\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            System.out.println("time=2026-12-08T01:30:00Z level=ERROR msg=\"stand-in killed in the middle of the pull\""
                    + " (tests only)");
            System.out.flush();
            onDeath.run();
            return;
        }
        if (mode == Mode.PULL_ERROR) {
            stream(
                    x,
                    List.of(
                            "{\"status\":\"pulling manifest\"}",
                            "{\"error\":\"pull model manifest: file does not exist\"}"));
            return;
        }
        stream(
                x,
                List.of(
                        "{\"status\":\"pulling manifest\"}",
                        "{\"status\":\"pulling 6a0746a1ec1a\",\"digest\":\"sha256:6a0746a1ec1a\",\"total\":"
                                + WEIGHTS_BYTES + ",\"completed\":" + WEIGHTS_BYTES * 2 / 5 + "}",
                        "{\"status\":\"pulling 6a0746a1ec1a\",\"digest\":\"sha256:6a0746a1ec1a\",\"total\":"
                                + WEIGHTS_BYTES + ",\"completed\":" + WEIGHTS_BYTES + "}",
                        "{\"status\":\"verifying sha256 digest\"}",
                        "{\"status\":\"success\"}"));
    }

    private String answer() {
        return switch (mode) {
            case WRONG_ANSWER -> "The total is 392.";
            case EMPTY_ANSWER -> "";
            case ESCAPES -> ESCAPED_ANSWER;
            default -> "The total is 391.";
        };
    }

    private void ollamaChat(HttpExchange x) throws IOException {
        if (modelLoaded.compareAndSet(false, true)) {
            try {
                modelLoadLog().forEach(System.out::println);
            } catch (NumberFormatException e) {
                // a stand-in given broken settings (DeployerTest's) loads nothing it could log
            }
        }
        if (endless(x, ollamaPiece("17 x 23 is still being worked out. ", ""))) {
            return;
        }
        List<String> lines = new java.util.ArrayList<>();
        if (mode == Mode.INLINE_THINK) {
            for (String t : THOUGHTS) {
                lines.add(ollamaPiece("", t));
            }
            lines.add(ollamaPiece("", "</think>"));
        } else if (mode != Mode.NO_TRACE) {
            THOUGHTS.forEach(t -> lines.add(ollamaPiece(t, "")));
        }
        if (!answer().isEmpty()) {
            lines.add(ollamaPiece("", answer()));
        }
        lines.add("{\"model\":\"standin:1b\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                + "\"eval_count\":" + (lines.size() + 1) + ",\"eval_duration\":100000000}");
        stream(x, lines);
    }

    /**
     * What Ollama's runner prints when the first request loads the model: llama.cpp's context and buffer lines in the
     * shapes of its source (src/llama-context.cpp, src/llama-kv-cache.cpp, src/llama-model.cpp), on the CPU, sized as
     * {@code /api/ps} reports them. deploy reads them back and compares them with its plan.
     */
    public List<String> modelLoadLog() {
        long context = Long.parseLong(settings.getOrDefault("OLLAMA_CONTEXT_LENGTH", Long.toString(DEFAULT_CONTEXT)));
        long parallel = Long.parseLong(settings.getOrDefault("OLLAMA_NUM_PARALLEL", "1"));
        double mib = 1024.0 * 1024.0;
        return List.of(
                "llama_model_loader: - kv   1:                               general.name str              = "
                        + "DeepSeek R1 Distill Qwen 1.5B",
                "print_info: file type   = Q8_0",
                String.format(
                        java.util.Locale.ROOT,
                        "load_tensors:          CPU model buffer size = %8.2f MiB",
                        WEIGHTS_BYTES / mib),
                "llama_context: n_seq_max     = " + parallel,
                "llama_context: n_ctx         = " + context * parallel,
                "llama_context: flash_attn    = enabled",
                String.format(
                        java.util.Locale.ROOT,
                        "llama_kv_cache:        CPU KV buffer size = %8.2f MiB",
                        context * parallel * KV_BYTES_PER_TOKEN / mib),
                "llama_context:        CPU compute buffer size =   302.75 MiB");
    }

    private static String ollamaPiece(String thinking, String content) {
        return "{\"model\":\"standin:1b\",\"message\":{\"role\":\"assistant\",\"content\":" + json(content)
                + (thinking.isEmpty() ? "" : ",\"thinking\":" + json(thinking)) + "},\"done\":false}";
    }

    private void openAiChat(HttpExchange x) throws IOException {
        if (endless(x, sse(reasoningField, "17 x 23 is still being worked out. "))) {
            return;
        }
        List<String> lines = new java.util.ArrayList<>();
        if (mode == Mode.INLINE_THINK) {
            THOUGHTS.forEach(t -> lines.add(sse("content", t)));
            lines.add(sse("content", "</think>"));
        } else if (mode != Mode.NO_TRACE) {
            THOUGHTS.forEach(t -> lines.add(sse(reasoningField, t)));
        }
        if (!answer().isEmpty()) {
            lines.add(sse("content", answer()));
        }
        lines.add(
                "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":" + (lines.size()) + "}}");
        lines.add("data: [DONE]");
        stream(x, lines);
    }

    /**
     * The endless modes: {@code piece} every 20 ms, or 1 MiB chunks with no line break, until the client goes away.
     * False in the other modes, which answer normally.
     */
    private boolean endless(HttpExchange x, String piece) throws IOException {
        if (mode != Mode.ENDLESS_THINKING && mode != Mode.NO_LINE_BREAKS) {
            return false;
        }
        byte[] chunk = mode == Mode.NO_LINE_BREAKS
                ? "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8)
                : (piece + "\n\n").getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(200, 0);
        try (OutputStream out = x.getResponseBody()) {
            while (true) {
                out.write(chunk);
                out.flush();
                Thread.sleep(mode == Mode.NO_LINE_BREAKS ? 5 : 20);
            }
        } catch (IOException | InterruptedException e) {
            return true; // the client hung up: what the test wants
        }
    }

    private static String sse(String field, String text) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{" + json(field) + ":" + json(text) + "}}]}";
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    private static void stream(HttpExchange x, List<String> lines) throws IOException {
        x.sendResponseHeaders(200, 0);
        try (OutputStream out = x.getResponseBody()) {
            for (String line : lines) {
                out.write((line + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }
}
