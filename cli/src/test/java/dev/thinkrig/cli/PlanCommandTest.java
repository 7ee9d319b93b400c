package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // DeepSeek-R1-Distill-Qwen-32B by hand (config.json: 64 layers, 8 KV heads of 128, hidden 5120, ffn 27648,
    // vocab 152064, untied, q/k/v biases):
    // parameters 32,763,876,352, of which 1D vectors 64 x (2 x 5120 + 5120 + 1024 + 1024) + 5120 = 1,119,232;
    // Q8_0 stores the matrices at 34 bytes per 32 and llama.cpp keeps vectors in f32.
    private static final long VECTORS = 64L * (2 * 5120 + 5120 + 1024 + 1024) + 5120;
    private static final long Q8_0_WEIGHTS = (32_763_876_352L - VECTORS) / 32 * 34 + VECTORS * 4;
    // 2 (K, V) x 64 layers x 8 heads x 128 dims x 2 bytes (f16)
    private static final long KV_PER_TOKEN_F16 = 2L * 64 * 8 * 128 * 2;
    // the catalog's budget for the R1 distills: 32,768 tokens, one sequence
    private static final long REASONING_KV = KV_PER_TOKEN_F16 * 32_768;

    private static JsonNode json(Cli cli) throws IOException {
        return JSON.readTree(cli.out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dgx-spark", "2x-rtx-4090", "m3-ultra-96"})
    void qwen32b_onIssuePresets_matchesHandCalculation(String preset) throws IOException {
        Cli cli = Cli.run(
                "plan",
                "deepseek-r1-distill-qwen-32b",
                "--hardware",
                preset,
                "--engine",
                "ollama",
                "--quant",
                "Q8_0",
                "--kv-cache-type",
                "f16",
                "--format",
                "json");
        assertThat(cli.exitCode).as(cli.err).isZero();
        JsonNode plan = json(cli);
        assertThat(plan.path("fits").asBoolean()).isTrue();
        assertThat(plan.path("memory").path("weightsBytes").asLong()).isEqualTo(Q8_0_WEIGHTS);
        assertThat(plan.path("memory").path("kvBytesPerToken").asLong()).isEqualTo(KV_PER_TOKEN_F16);
        assertThat(plan.path("memory").path("reasoningKvBytes").asLong()).isEqualTo(REASONING_KV);
        long context = plan.path("config").path("contextTokens").asLong();
        assertThat(plan.path("memory").path("kvCacheBytes").asLong()).isEqualTo(KV_PER_TOKEN_F16 * context);
    }

    @Test
    void defaultPlan_onDgxSpark_choosesAConfigurationAndExplainsIt() throws IOException {
        Cli cli = Cli.run("plan", "deepseek-r1:32b", "--hardware", "dgx-spark", "--format", "json");
        JsonNode plan = json(cli);
        assertThat(cli.exitCode).isZero();
        assertThat(plan.path("model").path("id").asText()).isEqualTo("deepseek-r1-distill-qwen-32b");
        assertThat(plan.path("hardware").path("id").asText()).isEqualTo("dgx-spark");
        assertThat(plan.path("config").path("contextTokens").asInt()).isGreaterThanOrEqualTo(36_864);
        long total = plan.path("memory").path("totalBytes").asLong();
        assertThat(total)
                .isLessThanOrEqualTo(plan.path("memory").path("usableBytes").asLong());
        assertThat(plan.path("speed").path("decodeTokensPerSecond").asDouble()).isPositive();
        assertThat(plan.path("alternatives")).isNotEmpty();
    }

    @Test
    void deepseekR1_vllmKeepsTheLatent_ollamaTheExpandedCache() throws IOException {
        // vLLM: (512 + 64) x 61 x 2 B = 70,272 B per token; Ollama: 61 x (128 x 192 + 128 x 128) x 2 B = 4,997,120 B
        JsonNode vllm =
                json(Cli.run("plan", "deepseek-r1", "--hardware", "8x-h200", "--engine", "vllm", "--format", "json"));
        assertThat(vllm.path("memory").path("kvFormat").asText()).isEqualTo("latent");
        assertThat(vllm.path("memory").path("kvBytesPerToken").asLong()).isEqualTo(70_272);
        assertThat(vllm.path("model").path("architecture").asText()).isEqualTo("deepseek2");
        assertThat(vllm.path("model").path("activeParameters").asLong()).isEqualTo(37_552_297_472L);
        JsonNode ollama =
                json(Cli.run("plan", "deepseek-r1", "--hardware", "8x-h200", "--engine", "ollama", "--format", "json"));
        assertThat(ollama.path("memory").path("kvFormat").asText()).isEqualTo("expanded-latent");
        assertThat(ollama.path("memory").path("kvBytesPerToken").asLong()).isEqualTo(4_997_120);
    }

    @Test
    void gptOss_slidingLayersAreFixed_andDecodeReadsActiveExpertsOnly() throws IOException {
        JsonNode plan = json(
                Cli.run("plan", "gpt-oss-120b", "--hardware", "dgx-spark", "--engine", "ollama", "--format", "json"));
        assertThat(plan.path("fits").asBoolean()).isTrue();
        // 18 full layers x 8 KV heads x 64 x 2 x 2 B; the 18 sliding layers hold 1 x 4096 + 512 cells
        assertThat(plan.path("memory").path("kvBytesPerToken").asLong()).isEqualTo(36_864);
        assertThat(plan.path("memory").path("slidingWindowKvBytes").asLong()).isEqualTo(18L * 4608 * 2048);
        assertThat(plan.path("memory").path("kvFormat").asText()).isEqualTo("grouped-query+sliding-window");
        // a token reads 4 of 128 experts: about 3.5 GiB of the 59 GiB file
        // a size, so an integer as every size in the JSON (it was the one float)
        assertThat(plan.path("speed").path("weightBytesReadPerToken").isIntegralNumber())
                .isTrue();
        double read = plan.path("speed").path("weightBytesReadPerToken").asDouble();
        assertThat(read / plan.path("memory").path("weightsBytes").asDouble()).isBetween(0.05, 0.07);
    }

    @Test
    void json_carriesTheDocumentedContract() throws IOException {
        JsonNode plan = json(Cli.run("plan", "qwq-32b", "--hardware", "2x-rtx-4090", "--format", "json"));
        assertThat(plan.path("model").has("id")).isTrue();
        assertThat(plan.path("hardware").has("id")).isTrue();
        assertThat(plan.has("fits")).isTrue();
        for (String f : new String[] {
            "engine",
            "quantization",
            "kvCacheType",
            "contextTokens",
            "reasoningBudgetTokens",
            "samples",
            "concurrency",
            "tensorParallel"
        }) {
            assertThat(plan.path("config").has(f)).as("config." + f).isTrue();
        }
        for (String f : new String[] {
            "weightsBytes",
            "kvBytesPerToken",
            "kvCacheBytes",
            "reasoningKvBytes",
            "computeBytes",
            "overheadBytes",
            "totalBytes",
            "usableBytes",
            "perDevice"
        }) {
            assertThat(plan.path("memory").has(f)).as("memory." + f).isTrue();
        }
        assertThat(plan.has("kvCapacityTokens")).isTrue();
        for (String f : new String[] {"decodeTokensPerSecond", "prefillTokensPerSecond", "timeToThinkSeconds"}) {
            assertThat(plan.path("speed").has(f)).as("speed." + f).isTrue();
        }
        assertThat(plan.path("rejected").isArray()).isTrue();
        JsonNode perDevice = plan.path("memory").path("perDevice");
        long sum = 0;
        for (JsonNode d : perDevice) {
            sum += d.path("totalBytes").asLong();
        }
        assertThat(sum).isEqualTo(plan.path("memory").path("totalBytes").asLong());
    }

    @Test
    void apple_workingSetOnlyObstacle_givesTheWiredLimitCommand() throws IOException {
        // R1-Distill-Llama-70B Q8_0 with an f16 cache does not fit the M3 Ultra 96's 79,626 MiB working set but does
        // fit its 90,112 MiB wiredLimitMax: N = ceil((total + 1024 MiB) / 1 MiB)
        Cli cli = Cli.run(
                "plan",
                "deepseek-r1-distill-llama-70b",
                "--hardware",
                "m3-ultra-96",
                "--quant",
                "Q8_0",
                "--kv-cache-type",
                "f16",
                "--format",
                "json");
        JsonNode plan = json(cli);
        assertThat(plan.path("fits").asBoolean()).isFalse();
        JsonNode advice = plan.path("wiredLimitAdvice");
        long total = advice.path("totalBytes").asLong();
        assertThat(total).isEqualTo(plan.path("memory").path("totalBytes").asLong());
        long mb = (total + 1024L * 1024 * 1024 + 1024 * 1024 - 1) / (1024 * 1024);
        assertThat(advice.path("wiredLimitMb").asLong())
                .isEqualTo(mb)
                .isGreaterThan(79_626)
                .isLessThanOrEqualTo(90_112);
        assertThat(advice.path("command").asText()).isEqualTo("sudo sysctl iogpu.wired_limit_mb=" + mb);
        assertThat(plan.path("problems").get(0).asText()).contains("sudo sysctl iogpu.wired_limit_mb=" + mb);

        String table = Cli.run(
                        "plan",
                        "deepseek-r1-distill-llama-70b",
                        "--hardware",
                        "m3-ultra-96",
                        "--quant",
                        "Q8_0",
                        "--kv-cache-type",
                        "f16")
                .out;
        assertThat(table).contains("RAISE WIRED LIMIT").contains("sudo sysctl iogpu.wired_limit_mb=" + mb);
        // no advice where the maximum cannot hold it, nor off Apple
        JsonNode tooBig = json(Cli.run(
                "plan", "qwen3-235b-a22b", "--hardware", "m4-max-128", "--engine", "ollama", "--format", "json"));
        assertThat(tooBig.path("wiredLimitAdvice").isNull()).isTrue();
        JsonNode nvidia = json(Cli.run("plan", "qwq-32b", "--hardware", "rtx-4090", "--format", "json"));
        assertThat(nvidia.path("wiredLimitAdvice").isNull()).isTrue();
    }

    @Test
    void partialOffload_putsTheLayersThatFitOnTheGpu_andTheRestInSystemMemory() throws IOException {
        // R1-Distill-Llama-70B Q4_K_M (80 layers, ~40 GiB) cannot fit a 24 GiB RTX 4090: llama.cpp keeps the first
        // layers and the input embeddings in system memory and the last ones plus the output layer on the GPU
        JsonNode plan = json(Cli.run(
                "plan",
                "deepseek-r1-distill-llama-70b",
                "--hardware",
                "rtx-4090",
                "--engine",
                "ollama",
                "--quant",
                "Q4_K_M",
                "--kv-cache-type",
                "f16",
                "--context",
                "36864",
                "--format",
                "json"));
        assertThat(plan.path("fits").asBoolean()).isTrue();
        int gpuLayers = plan.path("config").path("gpuLayers").asInt();
        assertThat(plan.path("config").path("nGpuLayers").asInt()).isEqualTo(gpuLayers + 1);
        JsonNode gpu = plan.path("memory").path("perDevice").get(0);
        JsonNode host = plan.path("memory").path("perDevice").get(1);
        assertThat(gpu.path("layers").asInt()).isEqualTo(gpuLayers);
        assertThat(gpu.path("layers").asInt() + host.path("layers").asInt()).isEqualTo(80);
        // f16 KV: 2 x 80 layers x 8 heads x 128 x 2 B = 327,680 B per token; per layer and 36,864 cells:
        long kvPerLayer = 2L * 8 * 128 * 2 * 36_864;
        assertThat(gpu.path("kvCacheBytes").asLong()).isEqualTo(kvPerLayer * gpuLayers);
        assertThat(host.path("kvCacheBytes").asLong()).isEqualTo(kvPerLayer * (80 - gpuLayers));
        long limit = gpu.path("usableBytes").asLong() - 1024L * 1024 * 1024;
        assertThat(gpu.path("totalBytes").asLong()).isLessThanOrEqualTo(limit);
        // the most that fit: one more layer (about 1/80 of the 40 GiB, plus its KV) would not
        long layerWeights = 40L * 1024 * 1024 * 1024 / 80;
        assertThat(gpu.path("totalBytes").asLong() + layerWeights + kvPerLayer).isGreaterThan(limit);
        // the host's layers are read at 0.5 x 83.2 GB/s (dual-channel DDR5-5200), so decoding is at most that bound
        double hostBound = 0.5 * 83.2e9 / (host.path("weightsBytes").asLong() - 591_003_648L);
        double decode = plan.path("speed").path("decodeTokensPerSecond").asDouble();
        assertThat(decode).isPositive().isLessThan(hostBound);

        // ranked below full offload: a model that fits on the GPU is never partially offloaded
        JsonNode small =
                json(Cli.run("plan", "deepseek-r1-distill-qwen-14b", "--hardware", "rtx-4090", "--format", "json"));
        assertThat(small.path("config").path("gpuLayers").isNull()).isTrue();
        String table =
                Cli.run("plan", "deepseek-r1-distill-llama-70b", "--hardware", "rtx-4090", "--engine", "ollama").out;
        assertThat(table).contains("layers on GPU (num_gpu ").contains("system memory (");
    }

    @Test
    void nodes_planVllmOverRayAcrossMachines_withTheLinkInTheSpeed() throws IOException {
        String[] base = {
            "plan", "llama-3.3-70b-instruct", "--hardware", "dgx-spark", "--quant", "BF16", "--reasoning-budget", "none"
        };
        // 131 GiB of BF16 weights do not fit one Spark's 99.8 GiB vLLM budget
        assertThat(json(Cli.run(concat(base, "--format", "json"))).path("fits").asBoolean())
                .isFalse();
        JsonNode two = json(Cli.run(concat(base, "--nodes", "2", "--format", "json")));
        assertThat(two.path("fits").asBoolean()).isTrue();
        JsonNode config = two.path("config");
        assertThat(config.path("nodes").asInt()).isEqualTo(2);
        assertThat(config.path("distributedEngine").asText()).isEqualTo("vllm-ray");
        JsonNode perDevice = two.path("memory").path("perDevice");
        assertThat(perDevice).hasSize(2);
        assertThat(perDevice.get(1).path("device").asText()).startsWith("node 1 GPU 0");
        long weights = two.path("memory").path("weightsBytes").asLong();
        assertThat(perDevice.get(0).path("weightsBytes").asLong()).isEqualTo((weights + 1) / 2);
        assertThat(two.path("rejected").toString()).contains("vLLM over Ray only");

        // tensor parallel across the two nodes: 2 x 80 all-reduces of 32 us over the 200 GbE link per step
        JsonNode across = json(Cli.run(concat(base, "--nodes", "2", "--tensor-parallel", "2", "--format", "json")));
        assertThat(across.path("config").path("pipelineParallel").asInt()).isEqualTo(1);
        // one pipeline stage per node: the stages run one after another, so no faster than one node reading it all
        JsonNode stages = json(Cli.run(concat(base, "--nodes", "2", "--tensor-parallel", "1", "--format", "json")));
        assertThat(stages.path("config").path("pipelineParallel").asInt()).isEqualTo(2);
        double tpStep = 1 / across.path("speed").path("decodeTokensPerSecond").asDouble();
        double ppStep = 1 / stages.path("speed").path("decodeTokensPerSecond").asDouble();
        // weightBytesReadPerToken is what one rank reads under tensor parallelism (half the weights), and what all
        // stages read one after another under a pipeline (all of them); both at 0.60 of the Spark's 273 GB/s
        double rankRead = across.path("speed").path("weightBytesReadPerToken").asDouble();
        assertThat(rankRead).isCloseTo(weights / 2.0, org.assertj.core.data.Percentage.withPercentage(2));
        double halfRead = rankRead / (273e9 * 0.60);
        assertThat(tpStep).isGreaterThan(halfRead + 2 * 80 * 32e-6).isLessThan(halfRead * 1.1 + 2 * 80 * 32e-6);
        double stagesRead = stages.path("speed").path("weightBytesReadPerToken").asDouble();
        assertThat(stagesRead).isCloseTo(2 * rankRead, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(ppStep).isGreaterThan(stagesRead / (273e9 * 0.60) + 32e-6).isGreaterThan(tpStep);
        assertThat(Cli.run(concat(base, "--nodes", "2")).out).contains("across 2 nodes, vLLM over Ray");
        Cli compose = Cli.run(
                "compose",
                "llama-3.3-70b-instruct",
                "--hardware",
                "dgx-spark",
                "--nodes",
                "2",
                "--out",
                "target/multinode-compose",
                "--force");
        assertThat(compose.exitCode).as(compose.err).isEqualTo(ExitCode.OK.code);
        assertThat(compose.out).contains("node-1/docker-compose.yml", "node-2/docker-compose.yml");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void samplesAndConcurrency_eachNeedTheirOwnReasoningKv() throws IOException {
        JsonNode one = json(Cli.run(
                "plan",
                "deepseek-r1-distill-qwen-7b",
                "--hardware",
                "h100-80gb",
                "--engine",
                "ollama",
                "--quant",
                "Q8_0",
                "--kv-cache-type",
                "f16",
                "--context",
                "40960",
                "--format",
                "json"));
        JsonNode six = json(Cli.run(
                "plan",
                "deepseek-r1-distill-qwen-7b",
                "--hardware",
                "h100-80gb",
                "--engine",
                "ollama",
                "--quant",
                "Q8_0",
                "--kv-cache-type",
                "f16",
                "--context",
                "40960",
                "--samples",
                "3",
                "--concurrency",
                "2",
                "--format",
                "json"));
        assertThat(six.path("memory").path("reasoningKvBytes").asLong())
                .isEqualTo(6 * one.path("memory").path("reasoningKvBytes").asLong());
        assertThat(six.path("memory").path("kvCacheBytes").asLong())
                .isEqualTo(6 * one.path("memory").path("kvCacheBytes").asLong());
        assertThat(six.path("config").path("parallelSequences").asInt()).isEqualTo(6);
    }

    @Test
    void explicitOptions_areHonouredExactly_evenWhenTheyDoNotFit() throws IOException {
        Cli cli = Cli.run(
                "plan",
                "deepseek-r1-distill-qwen-32b",
                "--hardware",
                "rtx-4090",
                "--engine",
                "vllm",
                "--quant",
                "BF16",
                "--context",
                "65536",
                "--format",
                "json");
        assertThat(cli.exitCode).isEqualTo(ExitCode.DOES_NOT_FIT.code);
        JsonNode plan = json(cli);
        assertThat(plan.path("fits").asBoolean()).isFalse();
        assertThat(plan.path("config").path("engine").asText()).isEqualTo("vllm");
        assertThat(plan.path("config").path("quantization").asText()).isEqualTo("BF16");
        assertThat(plan.path("config").path("contextTokens").asInt()).isEqualTo(65536);
        assertThat(plan.path("problems").get(0).asText()).contains("exceed the vLLM budget");
    }

    @Test
    void vllmPoolTooSmallForMaxModelLen_saysTheLargestThatFits() throws IOException {
        JsonNode plan = json(Cli.run(
                "plan",
                "deepseek-r1-distill-qwen-14b",
                "--hardware",
                "rtx-4090",
                "--engine",
                "vllm",
                "--quant",
                "FP8",
                "--kv-cache-type",
                "bf16",
                "--context",
                "131072",
                "--format",
                "json"));
        assertThat(plan.path("fits").asBoolean()).isFalse();
        long capacity = plan.path("kvCapacityTokens").asLong();
        assertThat(capacity).isPositive().isLessThan(131072);
        assertThat(plan.path("problems").get(0).asText())
                .contains("vLLM refuses to start")
                .contains(String.format("%,d", capacity));
    }

    @Test
    void reasoningBudgetLongerThanContext_isAUsageError_neverCut() {
        Cli cli = Cli.run("plan", "qwq-32b", "--hardware", "h100-80gb", "--context", "16384");
        assertThat(cli.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err).contains("--context 16,384 cannot hold").contains("reasoning budget 32,768");
    }

    @Test
    void nothingFits_exitsWithItsOwnCode_andShowsTheClosest() {
        // a 70B model now fits by partial offload; the 671B one is too big for the GPU and system memory together
        Cli cli = Cli.run("plan", "deepseek-r1", "--hardware", "rtx-3090");
        assertThat(cli.exitCode).isEqualTo(ExitCode.DOES_NOT_FIT.code);
        assertThat(cli.out).contains("DOES NOT FIT").contains("Rejected");
    }

    @Test
    void everyEngineRejected_isDoesNotFit_notACrash() throws IOException {
        // regression: Plan.shown() threw "No value present" when no configuration could be tried
        Cli table = Cli.run("plan", "olympiccoder-7b", "--engine", "nim", "--hardware", "h100-80gb");
        assertThat(table.exitCode).as(table.err).isEqualTo(ExitCode.DOES_NOT_FIT.code);
        assertThat(table.out).contains("no engine can serve it here").contains("NVIDIA publishes no NIM");
        Cli json = Cli.run("plan", "olympiccoder-7b", "--engine", "nim", "--hardware", "h100-80gb", "--format", "json");
        JsonNode plan = json(json);
        assertThat(plan.path("fits").asBoolean()).isFalse();
        assertThat(plan.path("config").isNull()).isTrue();
        assertThat(plan.path("problems").get(0).asText()).contains("NIM");
    }

    @Test
    void unknownModel_exitsWithSuggestions() {
        Cli cli = Cli.run("plan", "deepseek-r1-distill-qwen-23b", "--hardware", "h100-80gb");
        assertThat(cli.exitCode).isEqualTo(ExitCode.UNKNOWN_NAME.code);
        assertThat(cli.err)
                .contains("unknown model 'deepseek-r1-distill-qwen-23b'")
                .contains("did you mean");
    }

    @Test
    void unknownPreset_exitsWithSuggestions() {
        Cli cli = Cli.run("plan", "qwq-32b", "--hardware", "rtx-4080");
        assertThat(cli.exitCode).isEqualTo(ExitCode.UNKNOWN_NAME.code);
        assertThat(cli.err).contains("unknown hardware preset 'rtx-4080'").contains("rtx-4090");
    }

    @Test
    void malformedHardwareFile_exitsWithFileLineColumn(@TempDir Path dir) throws IOException {
        Path rig = dir.resolve("rig.yaml");
        Files.writeString(
                rig,
                "id: rig\nname: Rig\nplatform: cpu\nhost:\n  memory: 64 GiB\n  cores: 8\n"
                        + "  source: mine\n  ram_speed: 6000\n");
        Cli cli = Cli.run("plan", "qwq-32b", "--hardware", rig.toString());
        assertThat(cli.exitCode).isEqualTo(ExitCode.BAD_PROFILE.code);
        assertThat(cli.err).contains("rig.yaml:8:3: unknown field 'ram_speed'");
    }

    @Test
    void negativeNumbers_areUsageErrors() {
        Cli cli = Cli.run("plan", "qwq-32b", "--hardware", "h100-80gb", "--samples", "-2");
        assertThat(cli.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err).contains("samples");
        assertThat(Cli.run("plan", "qwq-32b", "--hardware", "h100-80gb", "--reasoning-budget", "-5").exitCode)
                .isEqualTo(ExitCode.USAGE.code);
    }

    @Test
    void badOptionValue_isAUsageError() {
        Cli cli = Cli.run("plan", "qwq-32b", "--hardware", "h100-80gb", "--quant", "Q9_K");
        assertThat(cli.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err).contains("unknown quantization 'Q9_K'").contains("Q4_K_M");
    }

    @Test
    void noModel_recommendsReasoningModelsByPublishedScore() throws IOException {
        Cli cli = Cli.run("plan", "--hardware", "rtx-4090", "--format", "json");
        assertThat(cli.exitCode).isZero();
        JsonNode recs = json(cli).path("recommendations");
        assertThat(recs.size()).isGreaterThan(3);
        double previous = Double.MAX_VALUE;
        for (JsonNode r : recs) {
            assertThat(r.path("fits").asBoolean()).isTrue();
            double score = r.path("model").path("benchmarkScore").asDouble(-1);
            assertThat(score).isLessThanOrEqualTo(previous);
            previous = score;
        }
        assertThat(cli.out).doesNotContain("llama-3.3-70b-instruct");
    }

    @Test
    void noColour_whenNoColorIsSet_evenOnATerminal() {
        Cli coloured = Cli.run(Map.of(), true, "plan", "qwq-32b", "--hardware", "h100-80gb");
        Cli plain = Cli.run(Map.of("NO_COLOR", "1"), true, "plan", "qwq-32b", "--hardware", "h100-80gb");
        assertThat(coloured.out).contains("\u001b[");
        assertThat(plain.out).doesNotContain("\u001b[");
    }
}
