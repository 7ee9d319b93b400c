package dev.thinkrig.cli;

import dev.thinkrig.cli.render.Formats;
import picocli.CommandLine.Option;

/** {@code --format table|json|yaml}, shared by every command that prints a report. */
public final class FormatMixin {

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table, json or yaml (default: ${DEFAULT-VALUE})")
    Formats.Format format;

    boolean table() {
        return format == Formats.Format.TABLE;
    }
}
