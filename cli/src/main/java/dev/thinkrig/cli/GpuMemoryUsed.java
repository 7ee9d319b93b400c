package dev.thinkrig.cli;

import dev.thinkrig.profiles.detect.CommandResult;
import dev.thinkrig.profiles.detect.CommandRunner;
import dev.thinkrig.profiles.detect.CommandTimeoutException;
import dev.thinkrig.sizing.DataSize;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory in use on each NVIDIA GPU now, from {@code nvidia-smi --query-gpu=index,memory.used
 * --format=csv,noheader,nounits}; the only I/O is {@link #read}.
 *
 * @param used by GPU index, as nvidia-smi numbers them
 * @param unavailable why nothing was measured ({@code no nvidia-smi}); empty when {@code used} has values
 */
record GpuMemoryUsed(Map<Integer, DataSize> used, String unavailable) {

    static final List<String> QUERY =
            List.of("nvidia-smi", "--query-gpu=index,memory.used", "--format=csv,noheader,nounits");

    /** As detection's nvidia-smi call (profiles' NvidiaSmi): a slow first call is allowed, a hung driver is not. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    // "0, 20311": nvidia-smi prints memory in MiB; GB10 prints "[N/A]" (unified memory)
    private static final Pattern LINE = Pattern.compile("\\s*(\\d+)\\s*,\\s*(\\d+)\\s*");

    GpuMemoryUsed {
        used = Map.copyOf(used);
    }

    static GpuMemoryUsed read(CommandRunner runner) {
        Optional<CommandResult> run;
        try {
            run = runner.run(QUERY, TIMEOUT);
        } catch (CommandTimeoutException e) {
            return none("nvidia-smi did not answer within " + TIMEOUT.toSeconds() + " s");
        }
        if (run.isEmpty()) {
            return none("no nvidia-smi");
        }
        if (!run.get().succeeded()) {
            return none("nvidia-smi failed: " + run.get().firstMessageLine());
        }
        return parse(run.get().stdout());
    }

    static GpuMemoryUsed parse(List<String> lines) {
        Map<Integer, DataSize> used = new TreeMap<>();
        boolean notAvailable = false;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                used.put(Integer.parseInt(m.group(1)), DataSize.ofMiB(Long.parseLong(m.group(2))));
            } else {
                notAvailable = true;
            }
        }
        if (!used.isEmpty()) {
            return new GpuMemoryUsed(used, "");
        }
        return none(notAvailable ? "nvidia-smi reports no memory.used (unified memory)" : "nvidia-smi lists no GPU");
    }

    private static GpuMemoryUsed none(String why) {
        return new GpuMemoryUsed(Map.of(), why);
    }
}
