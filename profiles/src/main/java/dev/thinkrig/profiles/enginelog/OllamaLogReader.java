package dev.thinkrig.profiles.enginelog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ollama's server log: its release ({@code Listening on ... (version 0.x.y)}), its own memory lines (the {@code
 * msg=offload} estimate of llm/memory.go with {@code memory.required.full}, {@code memory.required.kv}, {@code
 * memory.weights.total} and {@code memory.graph.full}; from the new engine, {@code msg="model weights"}, {@code "kv
 * cache"}, {@code "compute graph"} per device and {@code "total memory"}), the runner's settings ({@code --ctx-size},
 * {@code --parallel}, or the load request's {@code KvSize}, {@code Parallel}, {@code KvCacheType}), and the llama.cpp
 * buffer lines its runner prints ({@link LlamaCppLogReader}), which are measurements where the estimate is not.
 */
final class OllamaLogReader {

    static final Pattern MARKERS = Pattern.compile(
            "Listening on .*\\(version|msg=\"?offload|msg=\"(model weights|kv cache|compute graph|total memory)\""
                    + "|msg=\"starting llama server\"|source=server\\.go");

    private static final Pattern OFFLOAD = Pattern.compile("msg=\"?offload.*memory\\.required\\.full");
    private static final Pattern VERSION = Pattern.compile("Listening on \\S+ \\(version ([\\w.+-]+)\\)");
    private static final Pattern DEVICE_LINE = Pattern.compile(
            "msg=\"(model weights|kv cache|compute graph)\" device=(\\S+) size=\"" + LogText.SIZE + "\"");
    private static final Pattern TOTAL_LINE = Pattern.compile("msg=\"total memory\" size=\"" + LogText.SIZE + "\"");
    private static final Pattern CTX_SIZE = Pattern.compile("--ctx-size (\\d+)");
    private static final Pattern PARALLEL_FLAG = Pattern.compile("--parallel (\\d+)");
    private static final Pattern KV_SIZE = Pattern.compile("\\bKvSize:(\\d+)");
    private static final Pattern PARALLEL_REQ = Pattern.compile("\\bParallel:(\\d+)");
    private static final Pattern KV_TYPE_REQ = Pattern.compile("\\bKvCacheType:(\\w+)");
    private static final Pattern FLASH_REQ = Pattern.compile("\\bFlashAttention:(\\w+)");

    private OllamaLogReader() {}

    static EngineLog read(List<String> lines) {
        Optional<String> version = Optional.empty();
        Map<String, Long> estimate = new LinkedHashMap<>();
        int estimateLine = 0;
        Map<String, Map<String, Long>> device = new LinkedHashMap<>();
        Map<String, Integer> deviceLine = new LinkedHashMap<>();
        long total = -1;
        int totalLine = 0;
        OptionalInt ctx = OptionalInt.empty();
        OptionalInt parallel = OptionalInt.empty();
        Optional<String> kvType = Optional.empty();
        Optional<Boolean> flash = Optional.empty();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int n = i + 1;
            Matcher m;
            if (version.isEmpty() && (m = VERSION.matcher(line)).find()) {
                version = Optional.of(m.group(1));
            }
            if (estimate.isEmpty() && OFFLOAD.matcher(line).find()) {
                estimate = keyValues(line);
                estimateLine = n;
            }
            if ((m = DEVICE_LINE.matcher(line)).find()) {
                device.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put(m.group(2), LogText.bytes(m, 3));
                deviceLine.putIfAbsent(m.group(1), n);
            }
            if ((m = TOTAL_LINE.matcher(line)).find()) {
                total = LogText.bytes(m, 1);
                totalLine = n;
            }
            if ((m = CTX_SIZE.matcher(line)).find()) {
                ctx = OptionalInt.of(Integer.parseInt(m.group(1)));
            }
            if ((m = KV_SIZE.matcher(line)).find()) {
                ctx = OptionalInt.of(Integer.parseInt(m.group(1)));
            }
            if ((m = PARALLEL_FLAG.matcher(line)).find() || (m = PARALLEL_REQ.matcher(line)).find()) {
                parallel = OptionalInt.of(Integer.parseInt(m.group(1)));
            }
            if ((m = KV_TYPE_REQ.matcher(line)).find()) {
                kvType = Optional.of(m.group(1));
            }
            if ((m = FLASH_REQ.matcher(line)).find()) {
                flash = Optional.of(m.group(1).equals("true") || m.group(1).equals("Enabled"));
            }
        }
        EngineLog runner = LlamaCppLogReader.read(lines, LogEngine.OLLAMA, version);
        List<LogFigure> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>(runner.notes());
        fromDevices(figures, device, deviceLine, "model weights", LogTerm.WEIGHTS);
        fromDevices(figures, device, deviceLine, "kv cache", LogTerm.KV_CACHE);
        fromDevices(figures, device, deviceLine, "compute graph", LogTerm.COMPUTE_BUFFER);
        for (LogFigure f : runner.figures()) {
            addOnce(figures, f);
        }
        if (total >= 0) {
            figures.add(new LogFigure(LogTerm.TOTAL, total, totalLine, "total memory"));
        }
        if (!estimate.isEmpty()) {
            estimate(figures, estimate, "memory.weights.total", LogTerm.WEIGHTS, estimateLine);
            estimate(figures, estimate, "memory.required.kv", LogTerm.KV_CACHE, estimateLine);
            estimate(figures, estimate, "memory.graph.full", LogTerm.COMPUTE_BUFFER, estimateLine);
            estimate(figures, estimate, "memory.required.full", LogTerm.TOTAL, estimateLine);
            notes.add("Ollama's msg=offload line is its own estimate before loading (llm/memory.go), not a measurement;"
                    + " the runner's llama.cpp buffer lines, where present, are used instead");
        }
        LogSetup r = runner.setup();
        // the runner's --ctx-size (KvSize) is every sequence's cells together: num_ctx x parallel
        int seqs = parallel.orElse(r.parallel().orElse(1));
        LogSetup setup = new LogSetup(
                r.model(),
                r.quantization(),
                ctx.isPresent() ? OptionalInt.of(ctx.getAsInt() / seqs) : r.contextTokens(),
                OptionalInt.empty(),
                java.util.OptionalDouble.empty(),
                parallel.isPresent() ? parallel : r.parallel(),
                kvType.isPresent() ? kvType : r.kvCacheType(),
                flash.isPresent() ? flash : r.flashAttention(),
                java.util.OptionalLong.empty(),
                OptionalInt.empty());
        return new EngineLog(LogEngine.OLLAMA, version, setup, figures, Optional.empty(), notes);
    }

    /** {@code key=value} and {@code key="value with spaces"} pairs of a logfmt line. */
    private static Map<String, Long> keyValues(String line) {
        Map<String, Long> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("([\\w.]+)=\"?\\[?" + LogText.SIZE).matcher(line);
        while (m.find()) {
            out.put(m.group(1).toLowerCase(Locale.ROOT), LogText.bytes(m, 2));
        }
        return out;
    }

    private static void fromDevices(
            List<LogFigure> figures,
            Map<String, Map<String, Long>> device,
            Map<String, Integer> lines,
            String what,
            LogTerm term) {
        Map<String, Long> per = device.get(what);
        if (per == null) {
            return;
        }
        long sum = per.values().stream().mapToLong(Long::longValue).sum();
        figures.add(new LogFigure(term, sum, lines.get(what), what + " " + per.keySet()));
    }

    private static void estimate(List<LogFigure> figures, Map<String, Long> kv, String key, LogTerm term, int line) {
        Long v = kv.get(key);
        if (v != null) {
            addOnce(figures, new LogFigure(term, v, line, "Ollama's estimate " + key));
        }
    }

    private static void addOnce(List<LogFigure> figures, LogFigure figure) {
        if (figures.stream().noneMatch(f -> f.term() == figure.term())) {
            figures.add(figure);
        }
    }
}
