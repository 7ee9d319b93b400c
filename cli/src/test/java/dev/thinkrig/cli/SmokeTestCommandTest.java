package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.thinkrig.deploy.StandInEngine;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeTestCommandTest {

    @Test
    void ollamaEndpoint_isDetected_andPasses() throws IOException {
        try (StandInEngine engine = new StandInEngine()) {
            Cli cli = Cli.run("smoke-test", "--endpoint", engine.uri().toString());
            assertThat(cli.exitCode).as(cli.err).isZero();
            assertThat(cli.out)
                    .contains("Smoke test of standin:1b")
                    .contains("(Ollama API)")
                    .contains("PASS")
                    .contains("message.thinking");
        }
    }

    @Test
    void openAiEndpoint_json_reportsTraceAndSpeed() throws IOException {
        try (StandInEngine engine = new StandInEngine()) {
            Cli cli =
                    Cli.run("smoke-test", "--endpoint", engine.uri().toString(), "--api", "openai", "--format", "json");
            assertThat(cli.exitCode).as(cli.err).isZero();
            var json = new ObjectMapper().readTree(cli.out);
            assertThat(json.path("trace").asText()).isEqualTo("REASONING_FIELD");
            assertThat(json.path("answerCorrect").asBoolean()).isTrue();
            assertThat(json.path("thinkingTokens").asLong()).isEqualTo(4);
        }
    }

    @Test
    void wrongAnswer_exitsWithTheSmokeTestCode() throws IOException {
        try (StandInEngine engine = new StandInEngine().mode(StandInEngine.Mode.WRONG_ANSWER)) {
            Cli cli = Cli.run("smoke-test", "--endpoint", engine.uri().toString());
            assertThat(cli.exitCode).isEqualTo(ExitCode.SMOKE_TEST_FAILED.code);
            assertThat(cli.out).contains("FAIL").contains("expected 391, got 392");
        }
    }

    @Test
    void nothingListening_exitsWithTheUnreachableCode() {
        Cli cli = Cli.run("smoke-test", "--endpoint", "http://127.0.0.1:9");
        assertThat(cli.exitCode).isEqualTo(ExitCode.ENGINE_UNREACHABLE.code);
        assertThat(cli.err).contains("nothing answers at http://127.0.0.1:9");
    }

    @Test
    void apiKey_comesFromTheNamedVariable_andIsNeverPrinted() throws IOException {
        try (StandInEngine engine = new StandInEngine()) {
            Cli cli = Cli.run(
                    Map.of("MY_VLLM_KEY", "sk-secret-123"),
                    false,
                    "smoke-test",
                    "--endpoint",
                    engine.uri().toString(),
                    "--api",
                    "openai",
                    "--api-key-env",
                    "MY_VLLM_KEY");
            assertThat(cli.exitCode).isZero();
            assertThat(cli.out + cli.err).doesNotContain("sk-secret-123");
            Cli missing = Cli.run("smoke-test", "--endpoint", engine.uri().toString(), "--api-key-env", "UNSET_KEY");
            assertThat(missing.exitCode).isEqualTo(ExitCode.USAGE.code);
            assertThat(missing.err).contains("UNSET_KEY");
        }
    }

    @Test
    void endlessThinking_endsAtTheTimeout_probesIncluded() throws IOException {
        try (StandInEngine engine = new StandInEngine().mode(StandInEngine.Mode.ENDLESS_THINKING)) {
            long start = System.nanoTime();
            Cli cli = Cli.run("smoke-test", "--endpoint", engine.uri().toString(), "--timeout", "2");
            assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCode.ENGINE_UNREACHABLE.code);
            assertThat(cli.err).contains("did not end within").contains("the whole test had --timeout 2 s");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
        }
    }

    @Test
    void timeoutOutsideItsRange_isAUsageError() {
        for (String t : new String[] {"0", "-5", "86401"}) {
            Cli cli = Cli.run("smoke-test", "--endpoint", "http://127.0.0.1:9", "--timeout", t);
            assertThat(cli.exitCode).as(t).isEqualTo(ExitCode.USAGE.code);
            assertThat(cli.err).contains("--timeout " + t + ": must be 1 to 86400 seconds");
        }
    }

    @Test
    void json_saysWhyWhenTheEndpointCannotBeAsked() throws IOException {
        Cli cli = Cli.run("smoke-test", "--endpoint", "http://127.0.0.1:9", "--format", "json");
        assertThat(cli.exitCode).isEqualTo(ExitCode.ENGINE_UNREACHABLE.code);
        var json = new ObjectMapper().readTree(cli.out);
        assertThat(json.path("passed").asBoolean(true)).isFalse();
        assertThat(json.path("endpoint").asText()).isEqualTo("http://127.0.0.1:9");
        assertThat(json.path("error").asText()).contains("nothing answers at http://127.0.0.1:9");
    }

    @Test
    void escapeSequencesFromTheEngine_areShownNotObeyed_andFailTheTest() throws IOException {
        try (StandInEngine engine = new StandInEngine().mode(StandInEngine.Mode.ESCAPES)) {
            Cli cli = Cli.run("smoke-test", "--endpoint", engine.uri().toString());
            assertThat(cli.exitCode).isEqualTo(ExitCode.SMOKE_TEST_FAILED.code);
            assertThat(cli.out + cli.err).doesNotContain("\u001b").doesNotContain("\u0007");
            assertThat(cli.out).contains("\\u001b[2J\\u001b]0;pwned\\u0007The total is 391.");
            assertThat(cli.out).contains("control characters");
        }
    }
}
