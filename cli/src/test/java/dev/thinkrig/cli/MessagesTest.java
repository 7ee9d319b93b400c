package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thinkrig.cli.render.Text;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Messages a person can act on: each case read, before, as issue 13 quotes it. */
class MessagesTest {

    @Test
    void aBudgetTooLargeForTheModel_namesTheBudgetThatFits() {
        Cli cli = Cli.run("plan", "qwq-32b", "--hardware", "h100-80gb", "--reasoning-budget", "130000");
        assertThat(cli.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err).contains("lower --reasoning-budget to 126,976 or less");
    }

    @Test
    void aPromptTooLongForTheModel_doesNotBlameTheBudget() {
        // was "lower --reasoning-budget", which no budget could satisfy
        Cli cli = Cli.run("plan", "qwq-32b", "--hardware", "h100-80gb", "--prompt-tokens", "130000");
        assertThat(cli.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err)
                .contains("the prompt and answer alone (132,048 tokens) leave no room for reasoning")
                .contains("shorten --prompt-tokens or --answer-tokens")
                .doesNotContain("lower --reasoning-budget");
    }

    @Test
    void aContextTooSmall_namesBothWaysOut() {
        Cli cli = Cli.run("plan", "qwq-32b", "--hardware", "h100-80gb", "--context", "5000");
        assertThat(cli.err).contains("raise --context to 36,864 or more, or lower --reasoning-budget to 904 or less");
    }

    @Test
    void aDeviceThatIsTooSmall_comparesWithWhatItCanFill() {
        // was "needs 21.23 GiB but has 21.95 GiB usable": the margin kept free made the smaller figure the problem
        Cli cli = Cli.run("plan", "deepseek-r1", "--hardware", "rtx-4090", "--engine", "ollama");
        assertThat(cli.exitCode).isEqualTo(ExitCode.DOES_NOT_FIT.code);
        assertThat(cli.out)
                .containsPattern("needs [0-9.]+ GiB, more than the 63.00 GiB it can fill \\(64.00 GiB usable less"
                        + " 1.00 GiB kept free\\)")
                .contains("1 layer on GPU")
                .doesNotContain("1 layers");
    }

    @Test
    void gpuAndHostMemory_areTwoTotals() {
        Cli cli = Cli.run("plan", "qwq-32b", "--hardware", "2x-rtx-4090");
        assertThat(cli.exitCode).isZero();
        // the usable row summed 2 x 23.99 GiB of GPU with the 788.9 MiB of host memory used: 48.75 GiB, room no one has
        assertThat(cli.out).doesNotContain("48.75 GiB");
        assertThat(cli.out).containsPattern("(?m)^  usable +23.99 GiB +23.99 GiB +64.00 GiB$");
        assertThat(cli.out).contains("of 47.98 GiB GPU memory + 788.9 MiB of 64.00 GiB host memory");
    }

    @Test
    void unknownSpeed_saysWhyInsteadOfUnknown() throws URISyntaxException {
        String vm = Path.of(getClass().getResource("/bundles/cpu-only-dev-vm").toURI())
                .toString();
        Cli cli = Cli.run("plan", "qwq-32b", "--hardware", vm);
        assertThat(cli.out)
                .contains("decode     not estimated: no memory bandwidth figure for this hardware")
                .contains("think      32,768 reasoning tokens; time not estimated without a decode speed")
                .doesNotContain("unknown");
    }

    @Test
    void anUnknownDeployment_hasNoStrayQuote() {
        assertThat(LogsCommand.unknown("web").getMessage())
                .isEqualTo("unknown deployment 'web' on this Docker engine ('thinkrig status' lists them)");
    }

    @Test
    void counts_areSingularForOne() {
        assertThat(Text.count(1, "token")).isEqualTo("1 token");
        assertThat(Text.count(2048, "token")).isEqualTo("2,048 tokens");
        assertThat(Text.count(0, "layer")).isEqualTo("0 layers");
    }

    @Test
    void aWriteError_saysWhy(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        // an AccessDeniedException's message is only the path: "cannot write DIR: DIR/x" gave no reason
        assertThat(dev.thinkrig.templates.output.IoReason.of(
                        new java.io.UncheckedIOException(new java.nio.file.AccessDeniedException("/srv/x"))))
                .contains("/srv/x: permission denied");
        Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        Cli cli = Cli.run("detect", "--record", file.resolve("bundle").toString());
        assertThat(cli.exitCode).isEqualTo(ExitCode.OUTPUT_REFUSED.code);
        assertThat(cli.err).contains("(" + file + ": a file is in the way)");
    }

    @Test
    void models_keepsItsColumnsInLine_whateverTheLongestTag() {
        // the ollama column was 22 wide: deepseek-r1:8b-llama-distill-q4_K_M pushed its row's vllm column out of line
        java.util.List<String> lines = Cli.run("models").out.lines().toList();
        int vllm = lines.get(0).indexOf("vllm");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isGreaterThan(vllm));
        assertThat(lines.stream().filter(l -> l.contains("q4_K_M")))
                .allSatisfy(l -> assertThat(l.charAt(vllm - 1)).isEqualTo(' '));
    }

    @Test
    void aPlanOverTwoMachines_saysNodesNotGpus() {
        // read "DeepSeek-R1 on 2 x NVIDIA H100", as if the two were GPUs of one machine
        Cli cli = Cli.run("plan", "deepseek-r1", "--hardware", "8x-h100-80gb", "--nodes", "2");
        assertThat(cli.out.lines().findFirst().orElseThrow())
                .startsWith("DeepSeek-R1 on 2 nodes, each 8 x NVIDIA H100");
    }

    @Test
    void aDockerHostThinkrigCannotUse_isEngineUnreachableWithWhatToWrite() {
        // ssh:// and a malformed DOCKER_HOST exited 2 with "Unsupported protocol scheme" or a URI parser's message
        for (String host : new String[] {"ssh://me@gpu-box", "not a url", "http://10.0.0.5:2375"}) {
            for (String command : new String[] {"status", "logs", "down"}) {
                String[] args = command.equals("status") ? new String[] {command} : new String[] {command, "x"};
                Cli cli = Cli.run(java.util.Map.of("DOCKER_HOST", host), false, args);
                assertThat(cli.exitCode)
                        .as(host + " " + command + ": " + cli.err)
                        .isEqualTo(ExitCode.ENGINE_UNREACHABLE.code);
                assertThat(cli.err)
                        .contains("DOCKER_HOST")
                        .doesNotContain("Exception")
                        .doesNotContain("java.");
            }
        }
    }
}
