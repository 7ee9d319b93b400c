package dev.thinkrig.templates.recipe;

import java.util.Objects;

/** One container argument and, where it carries a planned number, why it has that value. */
public record Arg(Value value, String why) {

    public Arg {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(why, "why");
    }

    public static Arg of(String literal) {
        return new Arg(Value.of(literal), "");
    }

    public static Arg of(String literal, String why) {
        return new Arg(Value.of(literal), why);
    }
}
