package dev.thinkrig.templates.recipe;

/** A resource limit ({@code memlock}, {@code stack}); -1 is unlimited. */
public record Ulimit(String name, long soft, long hard) {

    public Ulimit {
        Names.require("ulimit name", name);
    }
}
