package dev.thinkrig.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An executable {@code ollama} shell script for the native deploy's tests: for {@code serve} it runs the stand-in engine
 * ({@link StandInMain}) as a real process listening on {@code $OLLAMA_HOST}, as the real server does.
 */
public final class FakeOllama {

    private FakeOllama() {}

    /** {@code dir/ollama} that serves the Ollama API after {@code startSeconds} of log lines. */
    public static Path serving(Path dir, int startSeconds) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return write(
                dir,
                "[ \"$1\" = serve ] || { echo \"unexpected: $*\" >&2; exit 2; }\n"
                        + "exec '" + java + "' -cp '" + classpath() + "' " + StandInMain.class.getName()
                        + " ollama " + startSeconds + " \"$OLLAMA_HOST\"\n");
    }

    /** {@code dir/ollama} that prints {@code line} and exits 1, as a server that cannot bind its port does. */
    public static Path failing(Path dir, String line) {
        return write(dir, "echo '" + line + "'\nexit 1\n");
    }

    /** A port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the stand-in's classes are (test-classes or the test jar): it needs nothing but the JDK besides. */
    private static String classpath() {
        try {
            return Path.of(StandInMain.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(Path dir, String body) {
        try {
            Path script = dir.resolve("ollama");
            Files.writeString(script, "#!/bin/sh\n" + body);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
