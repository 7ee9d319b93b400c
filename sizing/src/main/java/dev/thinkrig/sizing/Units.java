package dev.thinkrig.sizing;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of "number unit" strings shared by the rate types. */
final class Units {

    private static final Pattern TEXT = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(\\S+)\\s*");

    private Units() {}

    static double parse(String text, Map<String, Double> units, String what, String example) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a " + what + ": '" + text + "' (expected for example " + example + ")");
        }
        Double unit = units.get(m.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw new IllegalArgumentException(
                    "unknown " + what + " unit '" + m.group(2) + "' in '" + text + "' (known: "
                            + String.join(", ", units.keySet().stream().sorted().toList()) + ")");
        }
        return Double.parseDouble(m.group(1)) * unit;
    }
}
