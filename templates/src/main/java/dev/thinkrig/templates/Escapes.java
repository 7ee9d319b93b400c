package dev.thinkrig.templates;

import java.util.regex.Pattern;

/**
 * How values are written into each kind of generated file; the templates reach these only through the macros of
 * {@code lib.ftl}, so no value is ever interpolated raw.
 */
public final class Escapes {

    /** Values thinkrig writes into {@code .env}: names, numbers, versions; never free text. */
    private static final Pattern ENV_VALUE = Pattern.compile("[A-Za-z0-9_.:/@+-]*");

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private Escapes() {}

    /**
     * A double-quoted scalar that is both a JSON string literal and a YAML 1.1 / 1.2 scalar: only the escapes the two
     * share ({@code \" \\ \n \r \t \b \f} and {@code \\uXXXX} for other control characters and the line separators YAML
     * would otherwise break on). Quotes, colons, {@code #}, {@code $} and newlines inside it stay text.
     */
    public static String yamlString(String value) {
        StringBuilder s = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '\b' -> s.append("\\b");
                case '\f' -> s.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }

    /** A bare YAML key (a service, volume or variable name); anything else is refused rather than escaped. */
    public static String key(String value) {
        if (!KEY.matcher(value).matches()) {
            throw new IllegalArgumentException("not a safe key: '" + value + "' (expected " + KEY + ")");
        }
        return value;
    }

    /** Text for a {@code #} comment or a Markdown code line: line breaks and control characters become spaces. */
    public static String oneLine(String value) {
        StringBuilder s = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean breaks = c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
            s.append(breaks ? ' ' : c);
        }
        return s.toString();
    }

    /** Text inside an HTML comment: one line, and {@code -->} (which would end the comment) broken up. */
    public static String htmlComment(String value) {
        return oneLine(value).replace("-->", "- ->");
    }

    /** A POSIX shell word: single-quoted, with embedded single quotes closed, escaped and reopened. */
    public static String shellWord(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Markdown prose on one line, with the characters that start markup escaped. */
    public static String markdown(String value) {
        StringBuilder s = new StringBuilder(value.length());
        for (char c : oneLine(value).toCharArray()) {
            if ("\\`*_[]<>|#".indexOf(c) >= 0) {
                s.append('\\');
            }
            s.append(c);
        }
        return s.toString();
    }

    /** A value for {@code .env}, which has no quoting rule that every Compose implementation shares. */
    public static String envValue(String value) {
        if (!ENV_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a safe .env value: '" + value + "'");
        }
        return value;
    }
}
