package dev.thinkrig.profiles.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCommandRunnerTest {

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void missingTool_isNotFound_notAnException() {
        assertThat(runner.run(List.of("thinkrig-no-such-tool-xyz"), Duration.ofSeconds(5))
                        .status())
                .isEqualTo(CommandRunner.Status.NOT_FOUND);
    }

    @Test
    void hungTool_isKilledAtTheTimeout() {
        long start = System.nanoTime();
        CommandRunner.CommandResult r = runner.run(List.of("sleep", "30"), Duration.ofMillis(300));
        assertThat(r.status()).isEqualTo(CommandRunner.Status.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void output_exitCode_andCLocale() {
        CommandRunner.CommandResult r =
                runner.run(List.of("sh", "-c", "echo $LC_ALL; echo oops >&2; exit 3"), Duration.ofSeconds(5));
        assertThat(r.status()).isEqualTo(CommandRunner.Status.EXITED);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).containsExactly("C");
        assertThat(r.stderr()).contains("oops");
    }
}
