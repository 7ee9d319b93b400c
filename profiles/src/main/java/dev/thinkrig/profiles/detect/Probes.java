package dev.thinkrig.profiles.detect;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything detection reads about a machine: tool outputs, OSHI's facts, a few files and environment variables. Live
 * probes read this machine; a recorded support bundle replays another one ({@link SupportBundle}).
 */
public interface Probes {

    CommandRunner commands();

    SystemFacts system();

    /** The text of a file such as {@code /proc/meminfo}; empty when it does not exist or cannot be read. */
    Optional<String> file(Path path);

    /**
     * The environment variables detection honours, and only those: a support bundle records them, so nothing else
     * of the environment (where secrets live) may pass through here.
     */
    Map<String, String> env();

    /** The variables detection reads. */
    Set<String> VARIABLES = Set.of("CUDA_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES");

    /** These probes with another command runner (tests: this machine's facts, fake tools). */
    default Probes withCommands(CommandRunner runner) {
        Probes self = this;
        return new Probes() {
            @Override
            public CommandRunner commands() {
                return runner;
            }

            @Override
            public SystemFacts system() {
                return self.system();
            }

            @Override
            public Optional<String> file(Path path) {
                return self.file(path);
            }

            @Override
            public Map<String, String> env() {
                return self.env();
            }
        };
    }

    /** This machine. */
    static Probes live(Map<String, String> env) {
        return new LiveProbes(env);
    }
}
