package dev.thinkrig.profiles.detect;

import dev.thinkrig.sizing.DataSize;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Total and available memory from {@code /proc/meminfo} text ({@code MemTotal: 127600748 kB}; the kernel's kB are
 * KiB).
 */
public record Meminfo(DataSize total, DataSize available) {

    private static final Pattern LINE = Pattern.compile("(?m)^\\s*(MemTotal|MemAvailable):\\s+(\\d+)\\s*kB\\s*$");

    public static Optional<Meminfo> parse(String text) {
        Long total = null;
        Long available = null;
        Matcher m = LINE.matcher(text == null ? "" : text);
        while (m.find()) {
            long kib = Long.parseLong(m.group(2));
            if (m.group(1).equals("MemTotal")) {
                total = kib;
            } else {
                available = kib;
            }
        }
        if (total == null || available == null) {
            return Optional.empty();
        }
        return Optional.of(
                new Meminfo(DataSize.ofBytes(total * DataSize.KIB), DataSize.ofBytes(available * DataSize.KIB)));
    }
}
