package dev.thinkrig.deploy.flow;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Download or load progress read from an engine's last log line, for engines that download inside the container (vLLM,
 * NIM): huggingface_hub's tqdm bars ({@code model-00001-of-00006.safetensors: 100%|###| 4.93G/4.93G [00:25<00:00,
 * 194MB/s]}) and vLLM's {@code Loading safetensors checkpoint shards:  73% Completed | 139/191 [13:28<02:02, 2.36s/it]}.
 *
 * @param what the file or phase: {@code model-00001-of-00004.safetensors}, {@code checkpoint shards 139/191}
 * @param fraction 0 to 1
 * @param doneBytes bytes done, -1 when the line counts something else (shards)
 * @param totalBytes bytes in all, -1 when the line counts something else
 */
public record LogProgress(String what, double fraction, long doneBytes, long totalBytes) {

    // vLLM's weight loader; shapes from vllm-project/vllm#6689 and #6746 (and sglang, which shares the wording)
    private static final Pattern SHARDS =
            Pattern.compile("Loading safetensors checkpoint shards:\\s*(\\d{1,3})% Completed \\| (\\d+)/(\\d+)");

    // tqdm with unit="B", unit_scale=True: "DESC: 45%|bar| 2.2G/4.9G [elapsed<left, rate]" (vllm-project/vllm#12177),
    // or without DESC and with the file in the postfix: "1%|  | 339M/29.9G [00:02<02:38, 201MB/s,
    // file=model-00001-of-00004.safetensors, n=7/17]" (replicate/cog-vllm#38)
    private static final Pattern BYTES = Pattern.compile(
            "(?:^|\\s)(?:(\\S[^|]*?):\\s*)?(\\d{1,3})%\\|[^|]*\\|\\s*([0-9.]+)([kMGTP]?)B?/([0-9.]+)([kMGTP]?)B?"
                    + "\\s*\\[([^\\]]*)\\]");

    // any other tqdm bar: "DESC: 45%|bar| 9/20 [...]"
    private static final Pattern PERCENT = Pattern.compile("(?:(\\S[^|]*?):\\s*)?(\\d{1,3})%\\|");

    private static final Pattern FILE_POSTFIX = Pattern.compile("file=([^,\\]]+)");

    // vLLM's multiprocess prefix, "(Worker_TP0 pid=1440) " (vllm-project/vllm#38476, #46367)
    private static final Pattern PROCESS_PREFIX = Pattern.compile("^(?:\\([A-Za-z_0-9]+ pid=\\d+\\)\\s*)+");

    // huggingface_hub's http_get (src/huggingface_hub/file_download.py) opens tqdm(unit="B", unit_scale=True) without a
    // unit_divisor, so the prefixes step by tqdm's default of 1000
    private static final Map<String, Double> SCALE =
            Map.of("", 1.0, "k", 1e3, "M", 1e6, "G", 1e9, "T", 1e12, "P", 1e15);

    /**
     * The progress a log line shows, if any. A line may hold several tqdm redraws separated by carriage returns (what a
     * container without a terminal logs): the last one counts.
     */
    public static Optional<LogProgress> parse(String line) {
        if (line == null || line.isBlank()) {
            return Optional.empty();
        }
        String last = lastRedraw(line);
        last = PROCESS_PREFIX.matcher(last).replaceFirst("");
        Matcher m = SHARDS.matcher(last);
        if (m.find()) {
            return Optional.of(new LogProgress(
                    "checkpoint shards " + m.group(2) + "/" + m.group(3),
                    fraction(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), m.group(1)),
                    -1,
                    -1));
        }
        m = BYTES.matcher(last);
        // a rate in bytes per second ("194MB/s", "?B/s" before the first sample) tells bytes from other counts
        if (m.find() && m.group(7).contains("B/s")) {
            long done = bytes(m.group(3), m.group(4));
            long total = bytes(m.group(5), m.group(6));
            Matcher file = FILE_POSTFIX.matcher(m.group(7));
            String what = file.find()
                    ? file.group(1).strip()
                    : m.group(1) == null ? "download" : m.group(1).strip();
            return Optional.of(new LogProgress(what, fraction(done, total, m.group(2)), done, total));
        }
        m = PERCENT.matcher(last);
        if (m.find()) {
            String what = m.group(1) == null ? "progress" : m.group(1).strip();
            return Optional.of(new LogProgress(what, Math.min(100, Integer.parseInt(m.group(2))) / 100.0, -1, -1));
        }
        return Optional.empty();
    }

    /** Whether the line carries byte counts (a download) rather than a count of shards or steps. */
    public boolean hasBytes() {
        return totalBytes > 0;
    }

    /** {@code model-00001-of-00004.safetensors 45% (2.2 of 4.9 GB)}, for plain progress lines. */
    public String describe() {
        String percent = String.format(Locale.ROOT, "%d%%", Math.round(fraction * 100));
        return what + " " + percent
                + (hasBytes()
                        ? String.format(Locale.ROOT, " (%.1f of %.1f GB)", doneBytes / 1e9, totalBytes / 1e9)
                        : "");
    }

    /**
     * What a terminal would show of {@code line}: the text after its last carriage return (tqdm redraws a bar in
     * place with {@code \r}; a container without a terminal logs every redraw on one line), stripped.
     */
    public static String lastRedraw(String line) {
        String[] parts = line.split("\r");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isBlank()) {
                return parts[i].strip();
            }
        }
        return "";
    }

    private static long bytes(String number, String prefix) {
        return Math.round(Double.parseDouble(number) * SCALE.get(prefix));
    }

    /** From the counts when they are exact, else tqdm's own rounded percentage. */
    private static double fraction(long done, long total, String percent) {
        if (total > 0) {
            return Math.min(1.0, (double) done / total);
        }
        return Math.min(100, Integer.parseInt(percent)) / 100.0;
    }
}
