package dev.thinkrig.profiles.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reads this machine: real processes, OSHI, real files. OSHI runs once, on first use. */
final class LiveProbes implements Probes {

    private final CommandRunner commands = new ProcessCommandRunner();
    private final Map<String, String> env;
    private SystemFacts system;

    LiveProbes(Map<String, String> env) {
        Map<String, String> kept = new HashMap<>();
        env.forEach((k, v) -> {
            if (VARIABLES.contains(k)) {
                kept.put(k, v);
            }
        });
        this.env = Map.copyOf(kept);
    }

    @Override
    public CommandRunner commands() {
        return commands;
    }

    @Override
    public SystemFacts system() {
        if (system == null) {
            system = OshiProbe.read();
        }
        return system;
    }

    @Override
    public Optional<String> file(Path path) {
        if (!Files.isReadable(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(path));
        } catch (IOException e) {
            throw new DetectionException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, String> env() {
        return env;
    }
}
