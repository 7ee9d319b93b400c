package dev.thinkrig.profiles;

import java.util.List;

/** A model or hardware name that matches nothing, with the closest known names. */
public final class UnknownNameException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> suggestions;

    public UnknownNameException(String kind, String name, List<String> suggestions) {
        this(kind, name, suggestions, "");
    }

    /** {@code where} follows the quoted name ("on this Docker engine ('thinkrig status' lists them)"). */
    public UnknownNameException(String kind, String name, List<String> suggestions, String where) {
        super("unknown " + kind + " '" + name + "'" + (where.isEmpty() ? "" : " " + where)
                + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(", ", suggestions) + "?"));
        this.suggestions = List.copyOf(suggestions);
    }

    public List<String> suggestions() {
        return suggestions;
    }
}
