package dev.thinkrig.templates.compose;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code thinkrig compose} writes, decided: the compose file (none on a Mac without a UI), the {@code .env}
 * entries, the native launch script (Mac), the README's content and the warnings to print.
 *
 * @param header comment lines that open every generated file: what generated it and the plan's key numbers
 */
public record ComposeModel(
        List<String> header,
        Optional<ComposeFile> compose,
        List<EnvEntry> env,
        Optional<LaunchScript> launch,
        Readme readme,
        List<String> warnings) {

    public ComposeModel {
        header = List.copyOf(header);
        Objects.requireNonNull(compose, "compose");
        env = List.copyOf(env);
        Objects.requireNonNull(launch, "launch");
        Objects.requireNonNull(readme, "readme");
        warnings = List.copyOf(warnings);
        if (compose.isEmpty() && launch.isEmpty()) {
            throw new IllegalArgumentException("nothing to run: neither a compose file nor a launch script");
        }
    }

    /** One {@code NAME=value} line of {@code .env}; secrets have an empty value for the user to fill in. */
    public record EnvEntry(String name, String value, String comment) {

        public EnvEntry {
            Service.requireName(name, "variable name");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(comment, "comment");
        }
    }

    /**
     * A script that runs the engine natively with the planned settings (Docker on macOS cannot reach the GPU).
     *
     * @param fileName the script's name in the output directory
     * @param model the Ollama tag to pull once the server answers
     */
    public record LaunchScript(String fileName, List<Service.EnvVar> environment, String model, String url) {

        public LaunchScript {
            Service.requireName(fileName, "script name");
            environment = List.copyOf(environment);
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(url, "url");
        }
    }

    /** One row of the README's memory table, already formatted. */
    public record MemoryRow(
            String device,
            String layers,
            String weights,
            String kvCache,
            String compute,
            String overhead,
            String total,
            String usable) {}

    /**
     * The README's content; the template gives it headings and order.
     *
     * @param planned lines saying what was planned and why
     * @param why paragraphs explaining the shape of the deployment (why no container on a Mac)
     * @param start shell lines that start it
     * @param check shell lines that show it is up
     * @param use shell lines of an example request
     * @param stop shell lines that stop it
     */
    public record Readme(
            String title,
            List<String> planned,
            List<MemoryRow> memory,
            List<String> why,
            List<String> start,
            List<String> check,
            String endpoint,
            List<String> use,
            List<String> stop,
            List<String> notes) {

        public Readme {
            Objects.requireNonNull(title, "title");
            planned = List.copyOf(planned);
            memory = List.copyOf(memory);
            why = List.copyOf(why);
            start = List.copyOf(start);
            check = List.copyOf(check);
            Objects.requireNonNull(endpoint, "endpoint");
            use = List.copyOf(use);
            stop = List.copyOf(stop);
            notes = List.copyOf(notes);
        }
    }
}
