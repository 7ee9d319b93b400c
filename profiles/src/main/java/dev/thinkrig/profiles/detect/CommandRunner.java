package dev.thinkrig.profiles.detect;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs an external tool for a detector; tests supply fakes, {@link ProcessCommandRunner} runs real processes. */
public interface CommandRunner {

    /**
     * Runs {@code command} (program first) with {@code LC_ALL=C} and waits at most {@code timeout}.
     *
     * @return the result, whatever the exit code; empty when the program is not installed or cannot be executed
     * @throws CommandTimeoutException when the command runs past {@code timeout} (it has been killed by then)
     */
    Optional<CommandResult> run(List<String> command, Duration timeout);

    /**
     * The standard output of {@code command} when it ran and exited 0; empty when it is missing, failed or hung. For
     * probes that only add to what detection already knows.
     */
    default Optional<List<String>> outputIfSucceeded(List<String> command, Duration timeout) {
        try {
            return run(command, timeout).filter(CommandResult::succeeded).map(CommandResult::stdout);
        } catch (CommandTimeoutException e) {
            return Optional.empty();
        }
    }
}
