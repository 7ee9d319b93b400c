package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --engine-version} on plan (compose and deploy share PlanOptions), and the JSON {@code engine} object. */
class PlanEngineVersionTest {

    private static JsonNode qwen3OnH100(String version) throws IOException {
        Cli cli = Cli.run(
                "plan",
                "qwen3-32b",
                "--engine",
                "vllm",
                "--hardware",
                "h100-80gb",
                "--engine-version",
                version,
                "--format",
                "json");
        assertThat(cli.exitCode).as(cli.err).isZero();
        return new ObjectMapper().readTree(cli.out);
    }

    @Test
    void json_namesTheVersionAndRegime_andV0_21TakesTheGraphsFromThePool() throws IOException {
        JsonNode v011 = qwen3OnH100("0.11.0");
        JsonNode v021 = qwen3OnH100("v0.21.0");
        assertThat(v011.path("engine").path("version").asText()).isEqualTo("0.11.0");
        assertThat(v011.path("engine").path("regime").asText()).isEqualTo("v1");
        assertThat(v021.path("engine").path("version").asText()).isEqualTo("0.21.0");
        assertThat(v021.path("engine").path("regime").asText()).isEqualTo("v1-graphs-in-budget");
        JsonNode b011 = v011.path("engine").path("budget");
        JsonNode b021 = v021.path("engine").path("budget");
        assertThat(b011.path("cudaGraphsInBudget").asBoolean()).isFalse();
        assertThat(b021.path("cudaGraphsInBudget").asBoolean()).isTrue();
        // the same configuration: the pools differ by the graph estimate taken from the budget
        assertThat(v021.path("config")).isEqualTo(v011.path("config"));
        assertThat(b011.path("kvPoolBytes").asLong() - b021.path("kvPoolBytes").asLong())
                .isEqualTo(b021.path("cudaGraphsBytes").asLong());
        assertThat(v021.path("kvCapacityTokens").asLong())
                .isLessThan(v011.path("kvCapacityTokens").asLong())
                .isEqualTo(b021.path("kvCapacityTokens").asLong());
        // budget = 0.9 x torch's total, which is below nvidia-smi's 81,559 MiB
        assertThat(b011.path("torchTotalBytes").asLong()).isLessThan(81559L * 1024 * 1024);
        assertThat(b011.path("budgetBytes").asLong())
                .isEqualTo((long) (b011.path("torchTotalBytes").asLong() * 0.9));
    }

    @Test
    void withoutTheOption_thePinnedImagesReleaseIsAssumed_andTheTableSaysSo() {
        Cli cli = Cli.run("plan", "qwen3-32b", "--engine", "vllm", "--hardware", "h100-80gb");
        assertThat(cli.out).contains("assumes  vllm 0.21.0: V1 engine").contains("the pinned image's release");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.5.4", "0.30.0", "1.0.0"})
    void unsupportedVersion_isAUsageError_listingTheRange(String version) {
        Cli cli = Cli.run(
                "plan", "qwen3-32b", "--engine", "vllm", "--hardware", "h100-80gb", "--engine-version", version);
        assertThat(cli.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err).contains("is not supported").contains("vllm 0.6.0 to 0.29.x");
        assertThat(cli.out).isEmpty();
    }

    @Test
    void malformedVersion_isAUsageError_showingTheForm() {
        Cli cli = Cli.run(
                "plan", "qwen3-32b", "--engine", "vllm", "--hardware", "h100-80gb", "--engine-version", "latest");
        assertThat(cli.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err).contains("MAJOR.MINOR[.PATCH][.postN]");
    }

    @Test
    void versionWithoutEngine_isAUsageError() {
        Cli cli = Cli.run("plan", "qwen3-32b", "--hardware", "h100-80gb", "--engine-version", "0.11.0");
        assertThat(cli.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err).contains("needs --engine");
    }

    @Test
    void v0_refusesALongContextThatV1Keeps() throws IOException {
        // R1-Distill-Qwen-14B BF16 on 2x RTX 4090 at 0.98: vLLM 0.7.2 refused 131,072 tokens (81,536 fit; vllm
        // issue #13061); with 256 sequences the V0 sampler run holds 1.4 GiB on the driver rank
        Cli cli = Cli.run(
                "plan",
                "deepseek-r1-distill-qwen-14b",
                "--engine",
                "vllm",
                "--hardware",
                "2x-rtx-4090",
                "--quant",
                "BF16",
                "--kv-cache-type",
                "bf16",
                "--tensor-parallel",
                "2",
                "--context",
                "131072",
                "--samples",
                "256",
                "--prompt-tokens",
                "1",
                "--answer-tokens",
                "1",
                "--reasoning-budget",
                "0",
                "--gpu-memory-utilization",
                "0.98",
                "--engine-version",
                "0.7.2",
                "--format",
                "json");
        assertThat(cli.exitCode).isEqualTo(ExitCode.DOES_NOT_FIT.code);
        JsonNode plan = new ObjectMapper().readTree(cli.out);
        assertThat(plan.path("problems").get(0).asText()).contains("vLLM refuses to start (vLLM 0.7.2)");
        assertThat(plan.path("kvCapacityTokens").asLong()).isBetween(81536L * 9 / 10, 81536L * 11 / 10);
    }
}
