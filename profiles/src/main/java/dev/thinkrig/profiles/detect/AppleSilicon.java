package dev.thinkrig.profiles.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Host;
import dev.thinkrig.sizing.hardware.Platform;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apple Silicon: the chip and memory from {@code system_profiler SPHardwareDataType -json}, exact memory and the GPU
 * wired limit from {@code sysctl hw.memsize iogpu.wired_limit_mb}. The GPU may wire at most its working set
 * ({@code recommendedMaxWorkingSetSize}); {@code iogpu.wired_limit_mb} replaces it when set (0 means the default).
 */
final class AppleSilicon {

    static final List<String> HARDWARE_QUERY = List.of("system_profiler", "SPHardwareDataType", "-json");

    static final List<String> SYSCTL_QUERY = List.of("sysctl", "hw.memsize", "iogpu.wired_limit_mb");

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /**
     * What macOS leaves to itself when users raise the wired limit: 8 GiB, the community practice
     * (docs/calibration.md, "Apple GPU working set": 6-8 GiB kept for macOS).
     */
    static final DataSize OS_RESERVE = DataSize.ofGiB(8);

    /**
     * Default working sets measured on current macOS, by installed RAM (docs/calibration.md, "Apple GPU working set";
     * llama.cpp's Metal log prints recommendedMaxWorkingSetSize). MB figures are llama.cpp's (10^6 bytes).
     */
    static final Map<Long, DataSize> MEASURED_WORKING_SET = Map.of(
            16L, DataSize.ofBytes(11_453_250_000L), // M1 Pro, 11453.25 MB
            24L, DataSize.ofBytes(19_069_665_280L), // M4 Pro, macOS 26.2
            32L, DataSize.ofBytes(26_800_600_000L), // M4, 26800.60 MB
            36L, DataSize.ofMiB(28_753), // M3 Max / M4 Max
            48L, DataSize.ofBytes(40_200_900_000L), // M4 Pro, 40200.90 MB
            64L, DataSize.ofBytes(55_662_790_000L), // M3 Max / M4 Max, 55662.79 MB
            96L, DataSize.ofBytes(83_494_174_720L), // M3 Ultra
            128L, DataSize.ofBytes(115_448_730_000L), // M4 Max, 115448.73 MB = 107.52 GiB
            256L, DataSize.ofBytes(239_143_780_352L), // M3 Ultra
            512L, DataSize.ofBytes(498_216_210_000L)); // M3 Ultra, 498216.21 MB = 464 GiB

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern SYSCTL = Pattern.compile("^\\s*([a-z0-9_.]+)\\s*[:=]\\s*(\\S+)\\s*$");

    private AppleSilicon() {}

    static boolean isMac(SystemFacts facts) {
        String os = facts.os().toLowerCase(Locale.ROOT);
        return os.contains("macos") || os.contains("mac os") || os.contains("darwin");
    }

    /** This Mac, or empty when the tools do not answer (then it is planned as CPU only). */
    static Optional<Hardware> detect(Probes probes, Function<String, Optional<Accelerator>> knownGpuByName) {
        Optional<CommandResult> hardware = probes.commands().run(HARDWARE_QUERY, TIMEOUT);
        Optional<CommandResult> sysctl = probes.commands().run(SYSCTL_QUERY, TIMEOUT);
        if (hardware.isEmpty() || !hardware.get().succeeded() || sysctl.isEmpty()) {
            return Optional.empty();
        }
        Chip chip = parseHardware(String.join("\n", hardware.get().stdout()));
        Map<String, String> values = parseSysctl(sysctl.get().stdout());
        return Optional.of(build(probes.system(), chip, values, knownGpuByName));
    }

    /** The chip and memory {@code system_profiler} names. */
    record Chip(String name, String memory) {}

    /**
     * Reads {@code system_profiler SPHardwareDataType -json}. Text around the JSON object is ignored (recordings
     * copied from a terminal end with zsh's {@code %} no-newline mark).
     */
    static Chip parseHardware(String text) {
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new DetectionException("system_profiler printed no JSON object");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text.substring(start, end + 1));
        } catch (IOException e) {
            throw new DetectionException("system_profiler's JSON cannot be read: " + e.getMessage(), e);
        }
        JsonNode overview = root.path("SPHardwareDataType").path(0);
        String chip = overview.path("chip_type").asText("");
        if (chip.isEmpty()) {
            throw new DetectionException("system_profiler names no chip (chip_type): not an Apple Silicon Mac?");
        }
        return new Chip(chip, overview.path("physical_memory").asText(""));
    }

    /** Reads {@code name: value} lines as {@code sysctl} prints them. */
    static Map<String, String> parseSysctl(List<String> lines) {
        Map<String, String> values = new HashMap<>();
        for (String line : lines) {
            Matcher m = SYSCTL.matcher(line);
            if (m.matches()) {
                values.put(m.group(1), m.group(2));
            }
        }
        return values;
    }

    static Hardware build(
            SystemFacts facts,
            Chip chip,
            Map<String, String> sysctl,
            Function<String, Optional<Accelerator>> knownGpuByName) {
        List<String> notes = new ArrayList<>();
        DataSize memory = Optional.ofNullable(sysctl.get("hw.memsize"))
                .map(v -> DataSize.ofBytes(number(v, "hw.memsize")))
                .orElse(facts.memoryTotal());
        long wiredMb = Optional.ofNullable(sysctl.get("iogpu.wired_limit_mb"))
                .map(v -> number(v, "iogpu.wired_limit_mb"))
                .orElse(0L);
        DataSize usable;
        if (wiredMb > 0) {
            usable = DataSize.ofMiB(wiredMb).compareTo(memory) > 0 ? memory : DataSize.ofMiB(wiredMb);
            notes.add("GPU working set: iogpu.wired_limit_mb = " + wiredMb + " (" + usable + ")");
        } else {
            usable = defaultWorkingSet(memory, notes);
        }
        DataSize wiredMax = memory.minusOrZero(OS_RESERVE);
        Optional<Accelerator> known = knownGpuByName.apply(chip.name());
        notes.add(
                known.isPresent()
                        ? chip.name() + ": bandwidth from thinkrig's preset"
                        : chip.name()
                                + " is not in thinkrig's presets: its bandwidth is unknown, so speed is not estimated");
        Accelerator gpu = new Accelerator(
                chip.name(),
                known.map(Accelerator::architecture).orElse(architecture(chip.name())),
                memory,
                usable,
                known.flatMap(Accelerator::bandwidth),
                known.flatMap(Accelerator::denseBf16),
                false,
                false,
                false,
                wiredMax.compareTo(usable) > 0 ? Optional.of(wiredMax) : Optional.empty());
        Host host = new Host(
                facts.cpu(),
                facts.physicalCores(),
                memory,
                facts.memoryAvailable().compareTo(memory) > 0 ? memory : facts.memoryAvailable(),
                gpu.bandwidth(),
                Optional.empty());
        return new Hardware(
                MachineDetector.ID,
                "this machine (" + chip.name() + ", " + memory + ")",
                Platform.APPLE,
                List.of(gpu),
                host,
                notes);
    }

    /** The default working set: the measured value for this RAM size, else the empirical fit, else two thirds. */
    static DataSize defaultWorkingSet(DataSize memory, List<String> notes) {
        long gib = Math.round(memory.gib());
        DataSize measured = MEASURED_WORKING_SET.get(gib);
        if (measured != null) {
            notes.add("GPU working set " + measured + ": macOS's default for " + gib + " GiB, as measured on such a Mac"
                    + " (iogpu.wired_limit_mb is 0)");
            return measured;
        }
        if (gib >= 32) {
            // calibration.md: share = 0.78 + 0.03 x log2(RAM / 32 GiB) matches 64-512 GiB within 0.01; empirical
            double share = 0.78 + 0.03 * (Math.log(gib / 32.0) / Math.log(2));
            DataSize fitted = memory.fraction(share);
            notes.add("GPU working set " + fitted + ": estimated (no measurement for " + gib + " GiB); a Metal log "
                    + "line 'recommendedMaxWorkingSetSize' gives the exact figure");
            return fitted;
        }
        DataSize twoThirds = memory.fraction(2.0 / 3);
        notes.add("GPU working set " + twoThirds + ": two thirds of RAM, macOS's floor for small Macs");
        return twoThirds;
    }

    private static String architecture(String chip) {
        Matcher m = Pattern.compile("(M\\d+)").matcher(chip);
        return m.find() ? "apple-" + m.group(1).toLowerCase(Locale.ROOT) : "apple";
    }

    private static long number(String value, String name) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new DetectionException("sysctl " + name + " is not a number: " + value);
        }
    }
}
