package dev.thinkrig.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

/** Machine-readable output: one JSON and one YAML writer for every report. */
public final class Formats {

    /** {@code --format}: what people read, or the documented JSON / YAML contract. */
    public enum Format {
        TABLE,
        JSON,
        YAML
    }

    private static final ObjectMapper JSON =
            new ObjectMapper().registerModule(new Jdk8Module()).enable(SerializationFeature.INDENT_OUTPUT);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .registerModule(new Jdk8Module());

    private Formats() {}

    public static String write(Object report, Format format) {
        try {
            return switch (format) {
                case JSON -> JSON.writeValueAsString(report);
                case YAML -> YAML.writeValueAsString(report);
                case TABLE -> throw new IllegalArgumentException("the table format has its own renderer");
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report", e);
        }
    }
}
