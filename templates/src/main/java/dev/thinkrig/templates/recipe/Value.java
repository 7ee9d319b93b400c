package dev.thinkrig.templates.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A setting's text: literal parts and references to variables the user sets ({@code HF_TOKEN}, {@code HOME}, a node's
 * address). Compose files write the references as {@code ${VAR}} forms; deploy fills them from the environment.
 */
public record Value(List<Part> parts) {

    /** A piece of a value. */
    public sealed interface Part permits Literal, Variable {}

    /** Text taken as it is. */
    public record Literal(String text) implements Part {

        public Literal {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A variable the user sets (in {@code .env} for Compose, in the shell for deploy). */
    public record Variable(String name, Need need) implements Part {

        public Variable {
            Names.require("variable", name);
            Objects.requireNonNull(need, "need");
        }
    }

    /** What happens when the variable is not set. */
    public enum Need {
        /** Empty text, silently: Compose's {@code ${VAR}}. */
        PLAIN,
        /** Empty text, deliberately: Compose's {@code ${VAR:-}}. */
        OPTIONAL,
        /** Nothing starts: Compose's {@code ${VAR:?message}}, deploy's missing-setting error. */
        REQUIRED
    }

    public Value {
        parts = List.copyOf(parts);
    }

    public static Value of(String literal) {
        return new Value(List.of(new Literal(literal)));
    }

    public static Value variable(String name, Need need) {
        return new Value(List.of(new Variable(name, need)));
    }

    /** This value followed by {@code literal}. */
    public Value then(String literal) {
        List<Part> all = new ArrayList<>(parts);
        all.add(new Literal(literal));
        return new Value(all);
    }

    /** {@code literal} followed by this value. */
    public Value after(String literal) {
        List<Part> all = new ArrayList<>();
        all.add(new Literal(literal));
        all.addAll(parts);
        return new Value(all);
    }

    /** Whether a part must be set by the user before anything starts. */
    public boolean required() {
        return parts.stream().anyMatch(p -> p instanceof Variable v && v.need() == Need.REQUIRED);
    }

    /** The variables this value reads. */
    public List<String> variables() {
        return parts.stream()
                .filter(Variable.class::isInstance)
                .map(p -> ((Variable) p).name())
                .toList();
    }

    /** The text as a Compose file writes it: {@code $} doubled in literal text, references as {@code ${...}}. */
    public String compose() {
        StringBuilder s = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                s.append(l.text().replace("$", "$$"));
            } else if (p instanceof Variable v) {
                s.append(
                        switch (v.need()) {
                            case PLAIN -> "${" + v.name() + "}";
                            case OPTIONAL -> "${" + v.name() + ":-}";
                            case REQUIRED -> "${" + v.name() + ":?set " + v.name() + " in .env}";
                        });
            }
        }
        return s.toString();
    }

    /**
     * The text with every reference filled from {@code env}; an unset or empty required variable throws a
     * {@link RecipeException} of kind {@code MISSING_SETTING} naming it.
     */
    public String resolve(Map<String, String> env) {
        StringBuilder s = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                s.append(l.text());
            } else if (p instanceof Variable v) {
                String value = env.get(v.name());
                if ((value == null || value.isEmpty()) && v.need() == Need.REQUIRED) {
                    throw new RecipeException(
                            RecipeException.Kind.MISSING_SETTING,
                            v.name(),
                            "",
                            "this deployment needs " + v.name() + ", which is not set");
                }
                s.append(value == null ? "" : value);
            }
        }
        return s.toString();
    }

    /** The text without reading the environment, where it holds no references. */
    public String literalText() {
        if (parts.stream().anyMatch(Variable.class::isInstance)) {
            throw new IllegalStateException("the value reads variables " + variables());
        }
        return resolve(Map.of());
    }
}
