package dev.thinkrig.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/** Runs the real command line in-process and keeps what it printed. */
final class Cli {

    final int exitCode;
    final String out;
    final String err;

    private Cli(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
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
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), e, terminal, args);
        return new Cli(code, out.toString(), err.toString());
    }
}
