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
            assertThat(cli.exitCode).isEqualTo(ExitCodes.SMOKE_TEST_FAILED);
            assertThat(cli.out).contains("FAIL").contains("expected 391, got 392");
        }
    }

    @Test
    void nothingListening_exitsWithTheUnreachableCode() {
        Cli cli = Cli.run("smoke-test", "--endpoint", "http://127.0.0.1:9");
        assertThat(cli.exitCode).isEqualTo(ExitCodes.ENGINE_UNREACHABLE);
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
            assertThat(missing.exitCode).isEqualTo(ExitCodes.USAGE);
            assertThat(missing.err).contains("UNSET_KEY");
        }
    }
}
