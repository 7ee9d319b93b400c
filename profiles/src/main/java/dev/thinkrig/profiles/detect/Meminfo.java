package dev.thinkrig.profiles.detect;

import dev.thinkrig.sizing.DataSize;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * System memory from Linux's {@code /proc/meminfo}.
 *
 * @param memTotal {@code MemTotal}: RAM the kernel manages (installed memory less firmware and kernel reservations)
 * @param memAvailable {@code MemAvailable}: what new programs can take without swapping, the kernel's own estimate
 */
record Meminfo(DataSize memTotal, DataSize memAvailable) {

    // "MemTotal:       127600748 kB"; the kernel's "kB" is 1024 bytes (fs/proc/meminfo.c shifts pages by 10)
    private static final Pattern LINE = Pattern.compile("([A-Za-z0-9_()]+):\\s+([0-9]+)(?: kB)?");

    Meminfo {
        Objects.requireNonNull(memTotal, "memTotal");
        Objects.requireNonNull(memAvailable, "memAvailable");
        if (memAvailable.isGreaterThan(memTotal)) {
            throw new DetectionException(
                    "/proc/meminfo: MemAvailable " + memAvailable + " exceeds MemTotal " + memTotal);
        }
    }

    /**
     * Reads MemTotal and MemAvailable; other lines are ignored. Leading spaces are allowed.
     *
     * @throws DetectionException when either line is missing or malformed
     */
    static Meminfo parse(String procMeminfoText) {
        Map<String, String> lines = new HashMap<>();
        procMeminfoText.lines().map(String::strip).forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                lines.putIfAbsent(line.substring(0, colon), line);
            }
        });
        return new Meminfo(field(lines, "MemTotal"), field(lines, "MemAvailable"));
    }

    private static DataSize field(Map<String, String> lines, String name) {
        String line = lines.get(name);
        if (line == null) {
            throw new DetectionException("/proc/meminfo has no " + name + " line"
                    + ("MemAvailable".equals(name) ? " (Linux 3.14 and later print it)" : ""));
        }
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new DetectionException("/proc/meminfo line '" + line + "' is not '" + name + ": <number> kB'");
        }
        try {
            return DataSize.ofBytes(Math.multiplyExact(Long.parseLong(m.group(2)), DataSize.KIB));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new DetectionException("/proc/meminfo line '" + line + "' holds a number too large", e);
        }
    }
}
