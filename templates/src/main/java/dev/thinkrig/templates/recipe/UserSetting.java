package dev.thinkrig.templates.recipe;

import java.util.Objects;

/**
 * A variable the user sets for the deployment (one {@code NAME=value} line of {@code .env}); secrets and addresses
 * have an empty value to fill in.
 */
public record UserSetting(String name, String value, String comment) {

    public UserSetting {
        Names.require("variable name", name);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(comment, "comment");
    }

    /** A setting the user fills in. */
    public static UserSetting toFill(String name, String comment) {
        return new UserSetting(name, "", comment);
    }
}
