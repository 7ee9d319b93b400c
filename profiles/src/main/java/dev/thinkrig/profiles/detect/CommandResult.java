package dev.thinkrig.profiles.detect;

import java.util.List;
import java.util.Objects;

/**
 * What a finished command printed.
 *
 * @param stdout standard output split into lines, without line terminators
 * @param stderr standard error as printed
 */
public record CommandResult(int exitCode, List<String> stdout, String stderr) {

    public CommandResult {
        stdout = List.copyOf(stdout);
        Objects.requireNonNull(stderr, "stderr");
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The first non-blank line of stderr, else of stdout: where tools such as nvidia-smi put their error. */
    public String firstMessageLine() {
        return stderr.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .findFirst()
                .or(() -> stdout.stream()
                        .map(String::strip)
                        .filter(line -> !line.isEmpty())
                        .findFirst())
                .orElse("(no output)");
    }
}
