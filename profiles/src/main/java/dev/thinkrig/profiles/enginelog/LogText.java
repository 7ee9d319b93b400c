package dev.thinkrig.profiles.enginelog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Line handling shared by the log readers: the prefixes Docker and journald add, and sizes as engines print them. */
final class LogText {

    /** {@code docker logs --timestamps}: an RFC 3339 time and a space before each line. */
    private static final Pattern DOCKER_TIMESTAMP =
            Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[.\\d]*Z ");

    /** {@code journalctl}'s short format: "Dec 01 10:00:00 host unit[pid]: ". */
    private static final Pattern JOURNALD =
            Pattern.compile("^[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ [\\w.@-]+(\\[\\d+])?: ");

    /** {@code docker compose logs}: "service-1  | ". */
    private static final Pattern COMPOSE = Pattern.compile("^[\\w.-]+\\s+\\| ");

    /** A size as vLLM ("14.99GiB", "14.9889 GiB"), Ollama ("18.5 GiB", "0 B") and llama.cpp ("2048.00 MiB") print it. */
    static final String SIZE = "(-?\\d+(?:\\.\\d+)?) ?(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)\\b";

    private static final Pattern CONTROL = Pattern.compile("\\u001b\\[[\\d;]*[A-Za-z]|\\r");

    private LogText() {}

    /** The lines as the engine printed them: terminal colour codes and Docker/journald/Compose prefixes removed. */
    static List<String> clean(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            String s = CONTROL.matcher(line).replaceAll("");
            s = DOCKER_TIMESTAMP.matcher(s).replaceFirst("");
            s = JOURNALD.matcher(s).replaceFirst("");
            out.add(COMPOSE.matcher(s).replaceFirst(""));
        }
        return out;
    }

    /** Bytes of {@code number unit}; the units are binary whatever their spelling (the engines print 1024-based sizes). */
    static long bytes(String number, String unit) {
        double n = Double.parseDouble(number);
        double scale = switch (unit.toUpperCase(Locale.ROOT)) {
            case "B" -> 1;
            case "KIB", "KB" -> 1024.0;
            case "MIB", "MB" -> 1024.0 * 1024;
            case "GIB", "GB" -> 1024.0 * 1024 * 1024;
            case "TIB", "TB" -> 1024.0 * 1024 * 1024 * 1024;
            default -> throw new IllegalArgumentException("unknown size unit " + unit);
        };
        return Math.round(n * scale);
    }

    /** Bytes of the first size {@code m} captured at groups {@code g} (number) and {@code g + 1} (unit). */
    static long bytes(Matcher m, int g) {
        return bytes(m.group(g), m.group(g + 1));
    }

    static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }
}
