package dev.thinkrig.profiles.detect;

import dev.thinkrig.sizing.DataSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MIG instances from {@code nvidia-smi -L}: under each {@code GPU <i>: <name> (UUID: GPU-...)} line, one indented
 * {@code MIG 3g.40gb Device 0: (UUID: MIG-...)} line per instance. A GPU with MIG enabled runs CUDA work only in
 * these instances, each with its own share of the memory.
 */
final class NvidiaMig {

    static final List<String> QUERY = List.of("nvidia-smi", "-L");

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final Pattern GPU = Pattern.compile("GPU ([0-9]+): (.*?)(?: \\(UUID: (GPU-[^)]+)\\))?");
    // "MIG 3g.40gb     Device  0: (UUID: MIG-7089d0f3-...)"; drivers before R470 print "MIG-GPU-<uuid>/1/0"
    private static final Pattern MIG =
            Pattern.compile("MIG (\\S+)\\s+Device\\s+([0-9]+):\\s*\\(UUID: (MIG-[^)\\s]+)\\)");
    // "3g.40gb", "1g.10gb+me", "1c.3g.40gb" (a compute instance of a 3g.40gb GPU instance): the memory is the "gb" part
    private static final Pattern PROFILE = Pattern.compile("(?:[0-9]+c\\.)?[0-9]+g\\.([0-9]+)gb(?:\\+[a-z]+)*");

    /**
     * One MIG instance.
     *
     * @param gpuIndex the index of the GPU it is carved from
     * @param profile as nvidia-smi names it, {@code 3g.40gb}
     * @param memory the size the profile's name gives, read as decimal gigabytes: the instances have a little more
     *     (gpu-feature-discovery labels an A100 80GB PCIe's 3g.40gb 40192 MiB, 2g.20gb 19968 MiB, 1g.10gb 9728 MiB;
     *     fixtures/nvidia-smi-L/README.md), so planning on the name never promises memory the instance lacks
     */
    record Instance(int gpuIndex, String gpuName, String profile, int device, String uuid, DataSize memory) {}

    private NvidiaMig() {}

    /** Runs {@link #QUERY}; a missing, failing or hung nvidia-smi lists no instances. */
    static List<Instance> query(Probes probes) {
        return probes.commands()
                .outputIfSucceeded(QUERY, TIMEOUT)
                .map(NvidiaMig::parse)
                .orElse(List.of());
    }

    /**
     * The MIG instances listed, with the GPU each belongs to.
     *
     * @throws DetectionException for a MIG line before any GPU line, or whose profile names no memory size
     */
    static List<Instance> parse(List<String> lines) {
        List<Instance> instances = new ArrayList<>();
        Optional<Matcher> gpu = Optional.empty();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher g = GPU.matcher(line);
            if (g.matches()) {
                gpu = Optional.of(g);
                continue;
            }
            if (!line.startsWith("MIG ")) {
                continue;
            }
            Matcher m = MIG.matcher(line);
            if (!m.matches()) {
                throw new DetectionException(
                        "nvidia-smi -L line '" + line + "': expected 'MIG <profile> Device <n>: (UUID: MIG-...)'");
            }
            if (gpu.isEmpty()) {
                throw new DetectionException("nvidia-smi -L line '" + line + "' lists a MIG instance before any GPU");
            }
            Matcher p = PROFILE.matcher(m.group(1));
            if (!p.matches()) {
                throw new DetectionException("nvidia-smi -L line '" + line + "': MIG profile '" + m.group(1)
                        + "' names no memory size (expected a profile such as 3g.40gb)");
            }
            instances.add(new Instance(
                    Integer.parseInt(gpu.get().group(1)),
                    gpu.get().group(2),
                    m.group(1),
                    Integer.parseInt(m.group(2)),
                    m.group(3),
                    DataSize.ofBytes(Long.parseLong(p.group(1)) * 1_000_000_000L)));
        }
        return List.copyOf(instances);
    }
}
