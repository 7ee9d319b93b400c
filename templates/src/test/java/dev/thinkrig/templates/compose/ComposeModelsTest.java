package dev.thinkrig.templates.compose;

import static dev.thinkrig.templates.compose.Fixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.hardware.GpuDriver;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Platform;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.templates.compose.Service.Arg;
import dev.thinkrig.templates.compose.Service.EnvVar;
import dev.thinkrig.templates.compose.Service.Gpu;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ComposeModelsTest {

    private static ComposeModel compose(Plan plan, Quantization q, ComposeOptions options) {
        assertThat(plan.fits())
                .as("fixture plan must fit: %s", plan.shown().problems())
                .isTrue();
        return ComposeModels.of(plan, Fixtures.facts(Fixtures.NAME, q), options);
    }

    private static ComposeModel compose(Plan plan, Quantization q) {
        return compose(plan, q, Fixtures.options());
    }

    private static Service service(ComposeModel model, String name) {
        return model.compose().orElseThrow().services().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no service " + name));
    }

    private static Map<String, String> env(Service s) {
        return s.environment().stream().collect(Collectors.toMap(EnvVar::name, EnvVar::value));
    }

    private static List<String> args(Service s) {
        return s.command().stream().map(Arg::value).toList();
    }

    @Test
    void ollama_singleH100_settingsComeFromThePlan() {
        Plan plan = plan(Fixtures.h100(), Engine.OLLAMA, Quantization.Q8_0);
        Configuration c = plan.chosen().orElseThrow().config();
        ComposeModel model = compose(plan, Quantization.Q8_0);

        Service ollama = service(model, "ollama");
        assertThat(ollama.image()).isEqualTo("ollama/ollama:" + Images.OLLAMA_VERSION);
        assertThat(env(ollama))
                .containsEntry("OLLAMA_CONTEXT_LENGTH", Integer.toString(c.contextTokens()))
                .containsEntry("OLLAMA_NUM_PARALLEL", "1")
                .containsEntry("OLLAMA_KV_CACHE_TYPE", c.kvCacheType().cliName())
                .containsEntry("OLLAMA_FLASH_ATTENTION", "1")
                .containsEntry("OLLAMA_KEEP_ALIVE", "-1")
                .doesNotContainKey("OLLAMA_SCHED_SPREAD");
        assertThat(ollama.gpu()).contains(Gpu.count(1));
        assertThat(ollama.devices()).isEmpty();
        assertThat(ollama.ports()).containsExactly("127.0.0.1:11434:11434");
        assertThat(ollama.healthcheck().orElseThrow().test()).containsExactly("CMD", "ollama", "list");

        Service pull = service(model, "ollama-pull");
        assertThat(args(pull)).containsExactly("pull", "deepseek-r1:32b-qwen-distill-q8_0");
        assertThat(pull.dependsOn()).containsExactly(new Service.Dependency("ollama", "service_healthy"));
        assertThat(pull.gpu()).isEmpty();
        assertThat(pull.restart()).isEqualTo("no");
        assertThat(model.warnings()).isEmpty();
    }

    @Test
    void ollama_2xRtx4090_q8SplitsLayers_spreadsOverBothGpus() {
        // Q8_0 weights of the 32B model (32.4 GiB) fit on neither 24 GiB card alone
        ComposeModel model = compose(plan(Fixtures.rtx4090(2), Engine.OLLAMA, Quantization.Q8_0), Quantization.Q8_0);
        Service ollama = service(model, "ollama");
        assertThat(env(ollama)).containsEntry("OLLAMA_SCHED_SPREAD", "1");
        assertThat(ollama.gpu()).contains(Gpu.count(2));
    }

    @Test
    void ollama_strixHalo_rocmImageWithDevices_noNvidiaReservation() {
        ComposeModel model =
                compose(plan(Fixtures.strixHalo(), Engine.OLLAMA, Quantization.Q4_K_M), Quantization.Q4_K_M);
        Service ollama = service(model, "ollama");
        assertThat(ollama.image()).endsWith("-rocm");
        assertThat(ollama.devices()).containsExactly("/dev/kfd", "/dev/dri");
        assertThat(ollama.gpu()).isEmpty();
    }

    @Test
    void ollama_cpuOnly_noGpuBlockNoDevices() {
        ComposeModel model = compose(plan(Fixtures.cpu(), Engine.OLLAMA, Quantization.Q4_K_M), Quantization.Q4_K_M);
        Service ollama = service(model, "ollama");
        assertThat(ollama.image()).isEqualTo(Images.OLLAMA);
        assertThat(ollama.gpu()).isEmpty();
        assertThat(ollama.devices()).isEmpty();
    }

    @Test
    void ollama_mac_nativeLaunchScriptAndNoContainer() {
        ComposeModel model =
                compose(plan(Fixtures.appleM3Ultra(), Engine.OLLAMA, Quantization.Q8_0), Quantization.Q8_0);
        assertThat(model.compose()).isEmpty();
        assertThat(model.env()).isEmpty();
        ComposeModel.LaunchScript script = model.launch().orElseThrow();
        assertThat(script.model()).isEqualTo("deepseek-r1:32b-qwen-distill-q8_0");
        assertThat(script.environment().stream().map(EnvVar::name))
                .contains("OLLAMA_CONTEXT_LENGTH", "OLLAMA_NUM_PARALLEL", "OLLAMA_KV_CACHE_TYPE", "OLLAMA_HOST");
        assertThat(String.join(" ", model.readme().why())).contains("Docker on macOS");
    }

    @Test
    void ollama_macWithUi_composeHoldsOnlyTheUiPointingAtTheNativeServer() {
        Plan plan = plan(Fixtures.appleM3Ultra(), Engine.OLLAMA, Quantization.Q8_0);
        ComposeModel model =
                compose(plan, Quantization.Q8_0, new ComposeOptions("x", Optional.empty(), true, Optional.empty()));
        assertThat(model.compose().orElseThrow().services())
                .extracting(Service::name)
                .containsExactly("open-webui");
        assertThat(env(service(model, "open-webui")))
                .containsEntry("OLLAMA_BASE_URL", "http://host.docker.internal:11434");
        assertThat(model.launch()).isPresent();
    }

    @Test
    void ollama_listen_publishesOnTheAddressAndWarnsThatOllamaHasNoAuthentication() {
        ComposeModel model = compose(
                plan(Fixtures.h100(), Engine.OLLAMA, Quantization.Q8_0),
                Quantization.Q8_0,
                new ComposeOptions("x", Optional.of("0.0.0.0"), false, Optional.empty()));
        assertThat(service(model, "ollama").ports()).containsExactly("0.0.0.0:11434:11434");
        assertThat(model.warnings()).singleElement().asString().contains("Ollama has no authentication");
    }

    @Test
    void vllm_singleH100_everyPlannedFlag() {
        Plan plan = plan(Fixtures.h100(), Engine.VLLM, Quantization.BF16);
        Configuration c = plan.chosen().orElseThrow().config();
        Service vllm = service(compose(plan, Quantization.BF16), "vllm");
        assertThat(args(vllm))
                .startsWith(Fixtures.REPO)
                .contains(
                        "--served-model-name=" + Fixtures.ID,
                        "--max-model-len=" + c.contextTokens(),
                        "--gpu-memory-utilization=" + ComposeModels.decimal(c.gpuMemoryUtilization()),
                        "--tensor-parallel-size=1",
                        "--max-num-seqs=1",
                        "--kv-cache-dtype=" + (c.kvCacheType() == KvCacheType.FP8 ? "fp8" : "auto"),
                        "--dtype=bfloat16",
                        "--reasoning-parser=deepseek_r1")
                .noneMatch(a -> a.startsWith("--api-key") || a.startsWith("--quantization"));
        assertThat(vllm.ipc()).contains("host");
        assertThat(vllm.gpu()).contains(Gpu.count(1));
        assertThat(env(vllm)).containsEntry("HF_TOKEN", "${HF_TOKEN:-}").doesNotContainKey("NCCL_P2P_DISABLE");
        assertThat(vllm.volumes()).containsExactly("${HOME}/.cache/huggingface:/root/.cache/huggingface");
        assertThat(vllm.healthcheck().orElseThrow().test())
                .startsWith("CMD", "python3", "-c")
                .last()
                .asString()
                .contains("http://127.0.0.1:8000/health");
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "none",
            value = {
                "none,       vllm/vllm-openai:v0.21.0-cu129",
                "570.133.20, vllm/vllm-openai:v0.21.0-cu129",
                "580.65.06,  vllm/vllm-openai:v0.21.0",
                "590,        vllm/vllm-openai:v0.21.0"
            })
    void vllm_imageFollowsTheDriver_cuda13FromR580(String driver, String image) {
        ComposeModel model = compose(
                plan(Fixtures.h100(), Engine.VLLM, Quantization.BF16),
                Quantization.BF16,
                new ComposeOptions("x", Optional.empty(), false, Optional.ofNullable(driver)));
        assertThat(service(model, "vllm").image()).isEqualTo(image);
    }

    // a detected machine names its driver; --nvidia-driver (last column) still wins over it
    @ParameterizedTest
    @CsvSource(
            nullValues = "none",
            value = {
                "580.65.06,  13.0, none,       vllm/vllm-openai:v0.21.0",
                "550.54.14,  12.4, none,       vllm/vllm-openai:v0.21.0-cu129",
                "550.54.14,  12.4, 580.65.06,  vllm/vllm-openai:v0.21.0",
                "580.65.06,  13.0, 570.133.20, vllm/vllm-openai:v0.21.0-cu129"
            })
    void vllm_imageFollowsTheDetectedDriver_unlessTheFlagNamesOne(
            String detected, String cuda, String flag, String image) {
        Hardware h100 = Fixtures.h100().withDriver(Optional.of(new GpuDriver(detected, Optional.of(cuda))));
        ComposeModel model = compose(
                plan(h100, Engine.VLLM, Quantization.BF16),
                Quantization.BF16,
                new ComposeOptions("x", Optional.empty(), false, Optional.ofNullable(flag)));
        assertThat(service(model, "vllm").image()).isEqualTo(image);
        if (flag == null) {
            assertThat(model.readme().notes())
                    .anySatisfy(
                            n -> assertThat(n).contains("detected on this machine, " + detected + " (CUDA " + cuda));
        }
    }

    @Test
    void vllm_2xRtx4090_tensorParallelWithoutPeerToPeer_disablesNcclP2p() {
        Plan plan = plan(Fixtures.NAME, Fixtures.rtx4090(2), Engine.VLLM, Quantization.AWQ, OptionalInt.of(2));
        Service vllm = service(compose(plan, Quantization.AWQ), "vllm");
        assertThat(env(vllm)).containsEntry("NCCL_P2P_DISABLE", "1");
        assertThat(vllm.gpu()).contains(Gpu.count(2));
        assertThat(args(vllm))
                .startsWith("casperhansen/deepseek-r1-distill-qwen-32b-awq")
                .contains("--tensor-parallel-size=2")
                // a pre-quantized AWQ checkpoint: vLLM picks awq_marlin itself; naming awq would force the slow kernel
                .noneMatch(a -> a.startsWith("--quantization") || a.startsWith("--dtype"));
    }

    @Test
    void vllm_dgxSpark_nvidiasImageRunsVllmServe_withNgcLimits() {
        Service vllm =
                service(compose(plan(Fixtures.spark(), Engine.VLLM, Quantization.BF16), Quantization.BF16), "vllm");
        assertThat(vllm.image()).isEqualTo(Images.NGC_VLLM);
        assertThat(args(vllm)).startsWith("vllm", "serve", Fixtures.REPO);
        assertThat(vllm.ulimits()).extracting(Service.Ulimit::name).containsExactly("memlock", "stack");
        assertThat(vllm.gpu()).contains(Gpu.count(1));
    }

    @Test
    void vllm_listen_requiresTheApiKeyFromEnv() {
        ComposeModel model = compose(
                plan(Fixtures.h100(), Engine.VLLM, Quantization.BF16),
                Quantization.BF16,
                new ComposeOptions("x", Optional.of("192.168.1.20"), true, Optional.empty()));
        Service vllm = service(model, "vllm");
        // the key goes in the environment, never on the command line ('docker inspect', ps, the start-up log)
        assertThat(env(vllm)).containsEntry("VLLM_API_KEY", "${VLLM_API_KEY:?set VLLM_API_KEY in .env}");
        assertThat(args(vllm)).noneMatch(a -> a.contains("VLLM_API_KEY") || a.startsWith("--api-key"));
        assertThat(vllm.ports()).containsExactly("192.168.1.20:8000:8000");
        assertThat(model.env()).extracting(ComposeModel.EnvEntry::name).contains("VLLM_API_KEY");
        assertThat(model.env()).allSatisfy(e -> {
            if (!e.name().equals("COMPOSE_PROJECT_NAME")) {
                assertThat(e.value()).as("secret %s", e.name()).isEmpty();
            }
        });
        assertThat(env(service(model, "open-webui")))
                .containsEntry("OPENAI_API_BASE_URL", "http://vllm:8000/v1")
                .containsEntry("OPENAI_API_KEY", "${VLLM_API_KEY}");
        assertThat(service(model, "open-webui").ports()).containsExactly("192.168.1.20:3000:8080");
    }

    @ParameterizedTest
    @CsvSource({
        "BF16, deepseek-ai/DeepSeek-R1-Distill-Qwen-32B, --dtype=bfloat16",
        "F16, deepseek-ai/DeepSeek-R1-Distill-Qwen-32B, --dtype=float16",
        "FP8, deepseek-ai/DeepSeek-R1-Distill-Qwen-32B, --quantization=fp8",
        "FP8, RedHatAI/DeepSeek-R1-Distill-Qwen-32B-FP8-dynamic, ",
        "AWQ, casperhansen/deepseek-r1-distill-qwen-32b-awq, "
    })
    void precision_flagOnlyWhereTheCheckpointDoesNotSayItself(Quantization q, String repo, String flag) {
        assertThat(ComposeModels.precisionArg(q, repo, Fixtures.REPO).map(Arg::value))
                .isEqualTo(Optional.ofNullable(flag));
    }

    @Test
    void nim_h100_profileAndLimitsFromThePlan() {
        // BF16 weights (61 GiB) and a 16-bit KV cache do not fit one H100 under NIM; FP8 does
        Plan plan = plan(Fixtures.h100(), Engine.NIM, Quantization.FP8);
        Configuration c = plan.chosen().orElseThrow().config();
        ComposeModel model = compose(plan, Quantization.FP8);
        Service nim = service(model, "nim");
        assertThat(nim.image()).isEqualTo("nvcr.io/nim/deepseek-ai/deepseek-r1-distill-qwen-32b:latest");
        assertThat(env(nim))
                .containsEntry("NGC_API_KEY", "${NGC_API_KEY:?set NGC_API_KEY in .env}")
                .containsEntry("NIM_MODEL_PROFILE", "vllm-fp8-tp1-pp1")
                .containsEntry("NIM_MAX_MODEL_LEN", Integer.toString(c.contextTokens()))
                .containsEntry("NIM_GPU_MEMORY_UTILIZATION", ComposeModels.decimal(c.gpuMemoryUtilization()));
        assertThat(nim.shmSize()).contains("16gb");
        assertThat(nim.volumes()).containsExactly("${HOME}/.cache/nim:/opt/nim/.cache");
        assertThat(nim.healthcheck().orElseThrow().test().get(3)).contains("/v1/health/ready");
        assertThat(model.env()).extracting(ComposeModel.EnvEntry::name).contains("NGC_API_KEY");
    }

    @Test
    void nim_dgxSpark_usesTheSparkVariant() {
        Service nim = service(compose(plan(Fixtures.spark(), Engine.NIM, Quantization.BF16), Quantization.BF16), "nim");
        assertThat(nim.image()).isEqualTo("nvcr.io/nim/deepseek-ai/deepseek-r1-distill-qwen-32b-dgx-spark:latest");
    }

    /** The H100 fixture as one MIG instance of it, as detection plans a MIG-enabled GPU (nvidia-smi -L's UUID). */
    private static Hardware migInstance(String uuid) {
        Hardware h = Fixtures.h100();
        var a = h.accelerators().get(0);
        var slice = new dev.thinkrig.sizing.hardware.Accelerator(
                a.name() + " MIG 7g.80gb",
                a.architecture(),
                a.memory(),
                a.usableMemory(),
                Optional.empty(),
                Optional.empty(),
                a.fp8(),
                a.fp4(),
                false,
                Optional.empty(),
                Optional.of(uuid));
        return new Hardware(h.id(), h.name(), h.platform(), List.of(slice), h.host(), h.notes());
    }

    @ParameterizedTest
    @CsvSource({"VLLM, vllm", "OLLAMA, ollama"})
    void gpu_migInstance_isReservedByItsUuidNotByCount(Engine engine, String service) {
        String uuid = "MIG-40ed9496-24f9-5b8b-95ca-648bfea46a9c";
        Quantization q = engine == Engine.VLLM ? Quantization.BF16 : Quantization.Q8_0;

        Service s = service(compose(plan(migInstance(uuid), engine, q), q), service);

        assertThat(s.gpu()).contains(Gpu.deviceIds(List.of(uuid)));
    }

    @Test
    void gpuReservation_firstGpusByCount_othersByIds() {
        assertThat(ComposeModels.gpuReservation(List.of(0))).isEqualTo(Gpu.count(1));
        assertThat(ComposeModels.gpuReservation(List.of(0, 1))).isEqualTo(Gpu.count(2));
        assertThat(ComposeModels.gpuReservation(List.of(1))).isEqualTo(Gpu.deviceIds(List.of("1")));
        assertThat(ComposeModels.gpuReservation(List.of(0, 2))).isEqualTo(Gpu.deviceIds(List.of("0", "2")));
    }

    @Test
    void gpu_countAndDeviceIdsTogether_isRefused() {
        assertThatThrownBy(() -> new Gpu(Optional.of(1), List.of("0"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Gpu(Optional.empty(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0, 0.0.0.0", "192.168.1.20, 192.168.1.20", "'::', '::'", "[::1], ::1", "FE80::1, fe80::1"})
    void listenAddress_ipLiterals(String given, String expected) {
        assertThat(ComposeModels.listenAddress(given)).isEqualTo(expected);
        assertThat(ComposeModels.port(expected, 8000, 8000)).endsWith(":8000:8000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "256.1.1.1", "0.0.0.0:80", "", "1.2.3.4; rm -rf /"})
    void listenAddress_anythingElse_isAUsageError(String given) {
        assertThatThrownBy(() -> ComposeModels.listenAddress(given)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void port_ipv6_inBrackets() {
        assertThat(ComposeModels.port("::", 11434, 11434)).isEqualTo("[::]:11434:11434");
    }

    @Test
    void planThatDoesNotFit_isRefused() {
        // the 32B model in F16 needs 61 GiB; one RTX 4090 has 24
        Plan plan = plan(Fixtures.NAME, Fixtures.rtx4090(1), Engine.VLLM, Quantization.BF16, OptionalInt.empty());
        assertThat(plan.fits()).isFalse();
        assertThatThrownBy(() ->
                        ComposeModels.of(plan, Fixtures.facts(Fixtures.NAME, Quantization.BF16), Fixtures.options()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vllm_onAmd_isRefusedWithAHint() {
        assertThatThrownBy(() -> Images.vllm(Platform.AMD, Optional.empty()))
                .isInstanceOf(ComposeException.class)
                .hasMessageContaining("--engine ollama");
    }

    @Test
    void projectName_isAValidComposeProjectName() {
        assertThat(ComposeModels.projectName("deepseek-r1-distill-qwen-1.5b"))
                .isEqualTo("thinkrig-deepseek-r1-distill-qwen-1-5b");
        assertThat(ComposeModels.projectName("Evil\"Name: x\n")).isEqualTo("thinkrig-evil-name-x");
    }

    @Test
    void literal_dollarIsNotInterpolatedByCompose() {
        assertThat(ComposeModels.literal("org/${HOME}")).isEqualTo("org/$${HOME}");
    }

    @ParameterizedTest
    @CsvSource({"580.65.06, 580", "575, 575", "' 550.127.05 ', 550"})
    void driverMajor_parsesNvidiaSmiVersions(String version, int major) {
        assertThat(Images.driverMajor(version)).isEqualTo(major);
    }

    @Test
    void driverMajor_garbage_isRefused() {
        assertThatThrownBy(() -> Images.driverMajor("R580")).isInstanceOf(IllegalArgumentException.class);
    }
}
