package dev.thinkrig.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the real command line in-process and keeps what it printed. */
final class Cli {

    /** One data home per test JVM, removed when it exits. */
    static final Path DATA_HOME = dataHome();

    final int exitCode;
    final String out;
    final String err;

    private Cli(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    private static Path dataHome() {
        try {
            Path dir = Files.createTempDirectory("thinkrig-test-data");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Cli run(String... args) {
        return run(Map.of("XDG_CONFIG_HOME", "/nonexistent-thinkrig-test"), false, args);
    }

    static Cli run(Map<String, String> env, boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("XDG_CONFIG_HOME", "/nonexistent-thinkrig-test");
        // the developer's own model stores must not change what tests see
        e.putIfAbsent("OLLAMA_MODELS", "/nonexistent-thinkrig-test/ollama");
        e.putIfAbsent("HF_HUB_CACHE", "/nonexistent-thinkrig-test/hf");
        // deploy's state directories go to a directory of this test run, never the developer's own
        e.putIfAbsent("XDG_DATA_HOME", DATA_HOME.toString());
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), e, terminal, args);
        return new Cli(code, out.toString(), err.toString());
    }
}
