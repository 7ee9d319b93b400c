package dev.thinkrig.cli.render;

import java.io.IOException;
import java.io.Writer;

/**
 * The one sanitiser between thinkrig and a terminal. Text from outside thinkrig (a log, a file, an engine's answer, a
 * model name) may hold control characters, escape sequences among them, that clear the screen, set the window title or
 * overwrite a line; every command's output passes through {@link #writer}, which shows them as {@code \\uXXXX} instead
 * of letting them act. thinkrig's own emphasis and progress redraws travel as private-use characters ({@link #BOLD},
 * {@link #RETURN}, ...) that only this writer turns into the real sequences.
 */
public final class Terminal {

    /** Start bold: ESC[1m. */
    static final char BOLD = '\uE001';
    /** Start bold green: ESC[1;32m. */
    static final char GOOD = '\uE002';
    /** Start bold red: ESC[1;31m. */
    static final char BAD = '\uE003';
    /** End emphasis: ESC[0m. */
    static final char RESET = '\uE000';
    /** Back to the start of the line, to redraw a progress bar: CR. */
    public static final char RETURN = '\uE004';

    private Terminal() {}

    /** {@code text} with its control characters shown as {@code \\uXXXX}, line breaks and tabs included. */
    public static String visible(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> out.append(isControl(c) || isToken(c) ? escape(c) : String.valueOf((char) c)));
        return out.toString();
    }

    /**
     * A writer that passes text to {@code out} with every control character but line feed and tab made visible, and
     * thinkrig's own emphasis and redraw tokens turned into their terminal sequences.
     */
    public static Writer writer(Writer out) {
        return new Writer() {
            @Override
            public void write(char[] chars, int offset, int length) throws IOException {
                StringBuilder s = new StringBuilder(length);
                for (int i = offset; i < offset + length; i++) {
                    char c = chars[i];
                    if (c == '\n' || c == '\t') {
                        s.append(c);
                    } else if (isToken(c)) {
                        s.append(sequence(c));
                    } else if (isControl(c)) {
                        s.append(escape(c));
                    } else {
                        s.append(c);
                    }
                }
                out.write(s.toString());
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    /**
     * C0 and C1 controls and DEL (ESC and CSI start escape sequences; CR and backspace overwrite text), and the Unicode
     * line separators and bidirectional overrides, which reorder or break what a terminal shows.
     */
    private static boolean isControl(int c) {
        return Character.isISOControl(c)
                || c == 0x2028
                || c == 0x2029
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }

    private static boolean isToken(int c) {
        return c >= RESET && c <= RETURN;
    }

    private static String escape(int c) {
        return String.format("\\u%04x", c);
    }

    private static String sequence(char token) {
        return switch (token) {
            case BOLD -> "\u001b[1m";
            case GOOD -> "\u001b[1;32m";
            case BAD -> "\u001b[1;31m";
            case RESET -> "\u001b[0m";
            default -> "\r";
        };
    }
}
