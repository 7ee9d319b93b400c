package dev.thinkrig.profiles.detect;

import java.time.Duration;
import java.util.List;

/** Runs an external tool; the only way detection reaches outside the JVM (tests use fakes). */
public interface CommandRunner {

    /** Runs {@code command}, waiting at most {@code timeout}; never throws for a missing or hung tool. */
    CommandResult run(List<String> command, Duration timeout);

    /**
     * What a tool did.
     *
     * @param status whether it ran; a missing tool is {@link Status#NOT_FOUND}, not an error
     */
    record CommandResult(Status status, int exitCode, List<String> stdout, String stderr) {

        public CommandResult {
            stdout = List.copyOf(stdout);
        }

        public static CommandResult of(Status status) {
            return new CommandResult(status, -1, List.of(), "");
        }

        public boolean succeeded() {
            return status == Status.EXITED && exitCode == 0;
        }
    }

    /** How a run ended. */
    enum Status {
        EXITED,
        NOT_FOUND,
        TIMED_OUT,
        FAILED
    }
}
