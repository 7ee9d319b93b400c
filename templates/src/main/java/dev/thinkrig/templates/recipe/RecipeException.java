package dev.thinkrig.templates.recipe;

import java.util.Objects;

/**
 * A plan, option or setting that cannot become a recipe: names the field and the value it had, so the command line can
 * say which of its flags (or which variable) to change.
 */
public final class RecipeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** A value outside what the field takes (a listen address that is no IP literal, an unknown target). */
        INVALID_VALUE,
        /** The plan cannot be deployed by thinkrig (no image for the platform, no catalog repository). */
        UNSUPPORTED,
        /** A variable the deployment needs is not set (an API key, a node's address). */
        MISSING_SETTING
    }

    private final Kind kind;
    private final String field;
    private final String value;

    public RecipeException(Kind kind, String field, String value, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.field = Objects.requireNonNull(field, "field");
        this.value = Objects.requireNonNull(value, "value");
    }

    public Kind kind() {
        return kind;
    }

    /** The option, setting or variable at fault ({@code listen}, {@code nvidiaDriver}, {@code NGC_API_KEY}). */
    public String field() {
        return field;
    }

    /** The value it had; empty when it was not set. */
    public String value() {
        return value;
    }
}
