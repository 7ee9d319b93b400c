package dev.thinkrig.templates.recipe;

import java.util.Objects;

/**
 * How to tell that the engine serves: an HTTP GET of {@code path} on the container's {@code port} answers
 * {@code expectedStatus} (shared/reference/engines.md lists each engine's path).
 */
public record ReadinessProbe(String path, int port, int expectedStatus) {

    public ReadinessProbe {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new RecipeException(
                    RecipeException.Kind.INVALID_VALUE, "readiness path", path, "a readiness path starts with /");
        }
    }

    /** A probe expecting 200 OK. */
    public static ReadinessProbe ok(String path, int port) {
        return new ReadinessProbe(path, port, 200);
    }
}
