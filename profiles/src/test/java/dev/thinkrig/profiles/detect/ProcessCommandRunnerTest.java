package dev.thinkrig.profiles.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs({OS.LINUX, OS.MAC})
class ProcessCommandRunnerTest {

    private static final Duration GENEROUS = Duration.ofSeconds(10);

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void run_missingTool_isNotAvailable() {
        assertThat(runner.run(List.of("thinkrig-no-such-tool-4f1c", "--version"), GENEROUS))
                .isEmpty();
    }

    @Test
    void run_fileThatIsNotExecutable_isNotAvailable(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("nvidia-smi"), "#!/bin/sh\necho 0\n");

        assertThat(runner.run(List.of(script.toString()), GENEROUS)).isEmpty();
    }

    @Test
    void run_collectsExitCodeStdoutAndStderr() {
        CommandResult result = runner.run(List.of("sh", "-c", "echo one; echo two; echo oops >&2; exit 3"), GENEROUS)
                .orElseThrow();

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).containsExactly("one", "two");
        assertThat(result.stderr()).isEqualTo("oops\n");
        assertThat(result.firstMessageLine()).isEqualTo("oops");
    }

    @Test
    void run_setsCLocale() {
        CommandResult result =
                runner.run(List.of("sh", "-c", "echo \"$LC_ALL\""), GENEROUS).orElseThrow();

        assertThat(result.stdout()).containsExactly("C");
    }

    @Test
    void run_largeOutputOnBothStreams_doesNotBlock() {
        // guards against reading one stream after the other: a tool filling the unread pipe (64 KiB) would hang
        Optional<CommandResult> result = runner.run(List.of("sh", "-c", "seq 1 100000; seq 1 100000 >&2"), GENEROUS);

        assertThat(result).get().satisfies(r -> {
            assertThat(r.stdout()).hasSize(100_000).endsWith("100000");
            assertThat(r.stderr().lines()).hasSize(100_000);
        });
    }

    @Test
    void run_pastTimeout_killsAndThrowsPromptly() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> runner.run(List.of("sleep", "5"), Duration.ofMillis(200)))
                .isInstanceOf(CommandTimeoutException.class)
                .hasMessage("sleep 5 did not finish within 200 ms; it was killed with its child processes");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void run_pastTimeout_killsChildProcessesToo(@TempDir Path dir) throws Exception {
        // a hung tool's children must not survive it (nor keep its output pipe open)
        Path pidFile = dir.resolve("child.pid");
        String script = "sleep 30 & echo $! > '" + pidFile + "'; wait";

        assertThatThrownBy(() -> runner.run(List.of("sh", "-c", script), Duration.ofMillis(500)))
                .isInstanceOf(CommandTimeoutException.class);

        long childPid = Long.parseLong(Files.readString(pidFile).strip());
        Optional<ProcessHandle> child = ProcessHandle.of(childPid);
        if (child.isPresent()) {
            child.get().onExit().get(5, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }
}
