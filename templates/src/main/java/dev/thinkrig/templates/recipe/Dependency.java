package dev.thinkrig.templates.recipe;

/** A container this one waits for, and for what: {@code service_started} or {@code service_healthy}. */
public record Dependency(String service, String condition) {

    public Dependency {
        Names.require("service name", service);
        if (!condition.equals("service_started") && !condition.equals("service_healthy")) {
            throw new RecipeException(
                    RecipeException.Kind.INVALID_VALUE,
                    "depends_on condition",
                    condition,
                    "unknown depends_on condition " + condition);
        }
    }
}
