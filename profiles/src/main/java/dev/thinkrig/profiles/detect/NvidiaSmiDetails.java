package dev.thinkrig.profiles.detect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What nvidia-smi's CSV query cannot give: the CUDA version the driver supports and whether each GPU has MIG enabled,
 * read from {@code nvidia-smi -q}. {@code --query-gpu} has {@code driver_version} and {@code mig.mode.current} but no
 * CUDA version field ({@code nvidia-smi --help-query-gpu}, driver 580); {@code -q} prints it in its header as
 * {@code CUDA Version : 12.4}. Only these lines are read (a targeted parser): the rest of the report changes between
 * driver releases.
 *
 * @param cudaVersion the newest CUDA version the driver supports, empty when the report has no such line
 * @param gpus one entry per GPU block, in the report's order (PCI bus order, as nvidia-smi's index)
 */
record NvidiaSmiDetails(Optional<String> cudaVersion, List<GpuDetails> gpus) {

    static final List<String> QUERY = List.of("nvidia-smi", "-q");

    // -q reads every GPU's full state: as slow as the CSV query (NvidiaSmi.TIMEOUT)
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    // "CUDA Version                              : 12.4", at the top level; "N/A" without a CUDA-capable driver
    private static final Pattern CUDA = Pattern.compile("CUDA Version\\s*:\\s*(.*)");
    private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+");
    // "GPU 00000000:AD:00.0": a GPU block starts at column 0 with its PCI bus id
    private static final Pattern GPU_BLOCK =
            Pattern.compile("GPU [0-9A-Fa-f]{4,8}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}\\.[0-9A-Fa-f]");
    private static final Pattern FIELD = Pattern.compile("(\\s*)([^:]+?)\\s*:\\s*(.*)");

    NvidiaSmiDetails {
        gpus = List.copyOf(gpus);
    }

    /**
     * One GPU block.
     *
     * @param migMode the {@code Current} line under {@code MIG Mode}: {@code Enabled}, {@code Disabled}, or empty where
     *     the GPU has no MIG ({@code N/A} on GeForce cards)
     */
    record GpuDetails(Optional<String> uuid, Optional<String> migMode) {

        boolean migEnabled() {
            return migMode.filter("Enabled"::equalsIgnoreCase).isPresent();
        }
    }

    /** Runs {@link #QUERY}; a missing, failing or hung nvidia-smi gives nothing, as the details only add to the CSV. */
    static Optional<NvidiaSmiDetails> query(Probes probes) {
        return probes.commands().outputIfSucceeded(QUERY, TIMEOUT).map(NvidiaSmiDetails::parse);
    }

    /**
     * Reads the {@code CUDA Version} line and, per GPU block, {@code GPU UUID} and the {@code Current} line under
     * {@code MIG Mode}.
     *
     * @throws DetectionException when the text is not an nvidia-smi report (no {@code Driver Version} line) or the CUDA
     *     version is neither a version nor {@code N/A}
     */
    static NvidiaSmiDetails parse(List<String> lines) {
        Optional<String> cuda = Optional.empty();
        boolean driverLine = false;
        List<GpuDetails> gpus = new ArrayList<>();
        Optional<String> uuid = Optional.empty();
        Optional<String> mig = Optional.empty();
        boolean inGpu = false;
        int migIndent = -1;
        for (String line : lines) {
            if (GPU_BLOCK.matcher(line).matches()) {
                if (inGpu) {
                    gpus.add(new GpuDetails(uuid, mig));
                }
                inGpu = true;
                uuid = Optional.empty();
                mig = Optional.empty();
                migIndent = -1;
                continue;
            }
            Matcher f = FIELD.matcher(line);
            if (!f.matches()) {
                // a section header such as "    MIG Mode": its fields follow, indented deeper
                String name = line.strip();
                int indent = line.length() - line.stripLeading().length();
                migIndent = inGpu && name.equals("MIG Mode") ? indent : -1;
                continue;
            }
            int indent = f.group(1).length();
            String key = f.group(2);
            String value = f.group(3).strip();
            if (!inGpu && key.equals("Driver Version")) {
                driverLine = true;
            }
            Matcher c = CUDA.matcher(line.strip());
            if (!inGpu && c.matches()) {
                String v = c.group(1).strip();
                if (VERSION.matcher(v).matches()) {
                    cuda = Optional.of(v);
                } else if (!v.equalsIgnoreCase("N/A")) {
                    throw new DetectionException(
                            "nvidia-smi -q line '" + line.strip() + "': expected a CUDA version such as 12.4");
                }
                continue;
            }
            if (inGpu && key.equals("GPU UUID")) {
                uuid = Optional.of(value);
            }
            if (migIndent >= 0 && indent > migIndent) {
                if (key.equals("Current") && !value.equalsIgnoreCase("N/A")) {
                    mig = Optional.of(value);
                }
            } else if (indent <= migIndent) {
                migIndent = -1;
            }
        }
        if (inGpu) {
            gpus.add(new GpuDetails(uuid, mig));
        }
        if (!driverLine) {
            throw new DetectionException("nvidia-smi -q printed no 'Driver Version' line: not an nvidia-smi report");
        }
        return new NvidiaSmiDetails(cuda, gpus);
    }

    /** The details of the GPU with this UUID, else of the GPU at this position in the report. */
    Optional<GpuDetails> gpu(Optional<String> uuid, int position) {
        if (uuid.isPresent()) {
            Optional<GpuDetails> byUuid =
                    gpus.stream().filter(g -> g.uuid().equals(uuid)).findFirst();
            if (byUuid.isPresent()) {
                return byUuid;
            }
        }
        return position < gpus.size() ? Optional.of(gpus.get(position)) : Optional.empty();
    }
}
