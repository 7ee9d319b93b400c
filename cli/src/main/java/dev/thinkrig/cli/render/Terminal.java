package dev.thinkrig.cli.render;

/**
 * Text from outside thinkrig (a log, a file, an engine's answer) made safe for a terminal: control characters,
 * escape sequences included, are shown as {@code \\uXXXX} instead of acting on the screen.
 */
public final class Terminal {

    private Terminal() {}

    public static String visible(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
