package dev.thinkrig.templates.output;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file thinkrig writes into an output directory.
 *
 * @param name a plain file name, or one directory and a plain file name ({@code node-2/docker-compose.yml})
 * @param mode its POSIX permissions, such as {@code rw-------} for {@code .env}
 */
public record GeneratedFile(String name, String content, String mode) {

    public static final String PRIVATE = "rw-------";
    public static final String READABLE = "rw-r--r--";
    public static final String EXECUTABLE = "rwxr-xr-x";

    public GeneratedFile {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(mode, "mode");
        if (name == null || name.isEmpty() || name.endsWith("/")) {
            throw new IllegalArgumentException("not a plain file name: '" + name + "'");
        }
        String[] parts = name.split("/", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("not a plain file name: '" + name + "'");
        }
        for (String part : parts) {
            if (!plain(part)) {
                throw new IllegalArgumentException("not a plain file name: '" + name + "'");
            }
        }
    }

    private static boolean plain(String part) {
        return !part.isEmpty()
                && !part.contains("\\")
                && Path.of(part).getFileName().toString().equals(part)
                && !part.equals(".")
                && !part.equals("..");
    }
}
