package dev.thinkrig.templates.output;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file thinkrig writes into an output directory.
 *
 * @param name a plain file name (no directories)
 * @param mode its POSIX permissions, such as {@code rw-------} for {@code .env}
 */
public record GeneratedFile(String name, String content, String mode) {

    public static final String PRIVATE = "rw-------";
    public static final String READABLE = "rw-r--r--";
    public static final String EXECUTABLE = "rwxr-xr-x";

    public GeneratedFile {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(mode, "mode");
        if (name == null
                || name.isEmpty()
                || !Path.of(name).getFileName().toString().equals(name)
                || name.equals(".")
                || name.equals("..")) {
            throw new IllegalArgumentException("not a plain file name: '" + name + "'");
        }
    }
}
