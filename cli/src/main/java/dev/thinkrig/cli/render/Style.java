package dev.thinkrig.cli.render;

/**
 * ANSI emphasis for terminals; plain text otherwise (and always when NO_COLOR is set). The emphasis travels as
 * {@link Terminal}'s tokens, which only the output writer turns into escape sequences.
 */
public final class Style {

    private final boolean colour;

    public Style(boolean colour) {
        this.colour = colour;
    }

    public String bold(String s) {
        return colour ? Terminal.BOLD + s + Terminal.RESET : s;
    }

    public String good(String s) {
        return colour ? Terminal.GOOD + s + Terminal.RESET : s;
    }

    public String bad(String s) {
        return colour ? Terminal.BAD + s + Terminal.RESET : s;
    }
}
