package dev.thinkrig.cli.render;

/** ANSI emphasis for terminals; plain text otherwise (and always when NO_COLOR is set). */
public final class Style {

    private final boolean colour;

    public Style(boolean colour) {
        this.colour = colour;
    }

    public String bold(String s) {
        return colour ? "\u001b[1m" + s + "\u001b[0m" : s;
    }

    public String good(String s) {
        return colour ? "\u001b[1;32m" + s + "\u001b[0m" : s;
    }

    public String bad(String s) {
        return colour ? "\u001b[1;31m" + s + "\u001b[0m" : s;
    }
}
