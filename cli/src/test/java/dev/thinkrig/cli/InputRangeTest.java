package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Numbers a user gives are range-checked where they enter, with the range in the message, and end in a usage error
 * (exit 2): before, {@code --samples 65536 --concurrency 65536} overflowed to zero sequences and planned "fits",
 * {@code --nodes 100} planned 100 pipeline stages for a 28-layer model, and {@code --context -1} was answered with the
 * budget arithmetic (issue 13).
 */
class InputRangeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--context -1|--context must be at least 1 token, was -1",
                "--context 0|--context must be at least 1 token, was 0",
                "--samples 65536 --concurrency 65536|samples x concurrency must be at most 65,536 sequences at once, "
                        + "was 65,536 x 65,536 = 4,294,967,296",
                "--concurrency 2147483647|samples x concurrency must be at most 65,536 sequences at once, was 1 x "
                        + "2,147,483,647 = 2,147,483,647",
                "--nodes 100|--nodes 100 is more than DeepSeek-R1-Distill-Qwen-1.5B's 28 layers: each node holds at "
                        + "least one layer, so at most 28",
                "--prompt-tokens 99999999|prompt, reasoning budget and answer must each be at most 16,777,216 tokens, "
                        + "was 99,999,999",
                // contradictory options: exit 2, not 3 ("does not fit")
                "--engine vllm --kv-cache-type q8_0|--engine vllm with --kv-cache-type q8_0: vLLM's --kv-cache-dtype is "
                        + "auto (16-bit) or fp8",
                "--engine ollama --kv-cache-type q8_0 --flash-attention off|--engine ollama with --kv-cache-type q8_0: "
                        + "a q8_0 KV cache needs flash attention"
            })
    void outOfRange_isAUsageErrorNamingTheRange(String options, String message) {
        String[] args = ("plan deepseek-r1-distill-qwen-1.5b --hardware rtx-4090 " + options).split(" ");
        Cli cli = Cli.run(args);

        assertThat(cli.exitCode).as(cli.out + cli.err).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err).contains(message);
        assertThat(cli.out).isEmpty();
    }

    @Test
    void noCommand_isAUsageError() {
        Cli cli = Cli.run();

        assertThat(cli.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err).contains("a command is required");
    }
}
