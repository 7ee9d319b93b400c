package dev.thinkrig.profiles.detect;

import java.time.Duration;
import java.util.List;

/** A command ran past its timeout; it and its child processes were killed. */
public class CommandTimeoutException extends RuntimeException {

    private final List<String> command;
    private final Duration timeout;

    public CommandTimeoutException(List<String> command, Duration timeout) {
        super(String.join(" ", command) + " did not finish within " + timeout.toMillis()
                + " ms; it was killed with its child processes");
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    public List<String> command() {
        return command;
    }

    public Duration timeout() {
        return timeout;
    }
}
