package dev.thinkrig.templates.recipe;

import java.util.regex.Pattern;

/** Service, volume and variable names are written as bare YAML keys and shell words, so they are held to this. */
final class Names {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private Names() {}

    static String require(String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new RecipeException(
                    RecipeException.Kind.INVALID_VALUE,
                    field,
                    String.valueOf(name),
                    field + " must match " + NAME + ", was '" + name + "'");
        }
        return name;
    }
}
