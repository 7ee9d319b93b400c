package dev.thinkrig.templates.compose;

import dev.thinkrig.templates.recipe.Arg;
import dev.thinkrig.templates.recipe.ContainerRecipe;
import dev.thinkrig.templates.recipe.EnvVar;
import dev.thinkrig.templates.recipe.Mount;
import dev.thinkrig.templates.recipe.PortBinding;
import java.util.List;
import java.util.Optional;

/**
 * A container recipe as a compose service writes it: the typed values turned into Compose's strings (user variables
 * as {@code ${VAR}} forms, a literal {@code $} doubled, ports and mounts in the short syntax, sizes in Compose's
 * units); the template reads everything else from {@code recipe} as it is.
 */
public record ComposeService(
        ContainerRecipe recipe,
        String image,
        List<String> entrypoint,
        List<Line> command,
        List<Line> environment,
        List<String> ports,
        List<String> volumes,
        Optional<String> shmSize) {

    /** One written setting and why it has its value; {@code name} is empty for a command argument. */
    public record Line(String name, String value, String why) {}

    public ComposeService {
        entrypoint = List.copyOf(entrypoint);
        command = List.copyOf(command);
        environment = List.copyOf(environment);
        ports = List.copyOf(ports);
        volumes = List.copyOf(volumes);
    }

    public static ComposeService of(ContainerRecipe c) {
        return new ComposeService(
                c,
                literal(c.image()),
                c.entrypoint().stream().map(ComposeService::literal).toList(),
                c.args().stream().map(ComposeService::line).toList(),
                c.env().stream().map(ComposeService::line).toList(),
                c.ports().stream().map(PortBinding::compose).toList(),
                c.mounts().stream().map(Mount::compose).toList(),
                c.shmBytes().map(ComposeService::size));
    }

    private static Line line(Arg a) {
        return new Line("", a.value().compose(), a.why());
    }

    private static Line line(EnvVar v) {
        return new Line(v.name(), v.value().compose(), v.why());
    }

    /** Text Compose must not interpolate: {@code $} is written {@code $$}. */
    static String literal(String text) {
        return text.replace("$", "$$");
    }

    /** Compose's byte units: {@code 16gb}, {@code 512mb}, {@code 1024}. */
    static String size(long bytes) {
        if (bytes > 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "gb";
        }
        if (bytes > 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "mb";
        }
        return Long.toString(bytes);
    }
}
