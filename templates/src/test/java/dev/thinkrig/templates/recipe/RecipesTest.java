package dev.thinkrig.templates.recipe;

import static dev.thinkrig.templates.recipe.Fixtures.plan;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine recipes: every planned value, typed; Compose's spelling of it where the compose file shows it. */
class RecipesTest {

    private static Recipe compose(Plan plan, Quantization q, RecipeOptions options) {
        assertThat(plan.fits())
                .as("fixture plan must fit: %s", plan.shown().problems())
                .isTrue();
        return Recipes.of(plan, Fixtures.facts(Fixtures.NAME, q), options);
    }

    private static Recipe compose(Plan plan, Quantization q) {
        return compose(plan, q, Fixtures.options());
    }

    private static ContainerRecipe service(Recipe model, String name) {
        return model.composeContainers().stream()
                .filter(s -> s.service().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no service " + name));
    }

    /** The environment as the compose file writes it ({@code ${VAR}} forms for the user's variables). */
    private static Map<String, String> env(ContainerRecipe s) {
        return s.env().stream()
                .collect(Collectors.toMap(EnvVar::name, v -> v.value().compose()));
    }

    private static List<String> args(ContainerRecipe s) {
        return s.args().stream().map(a -> a.value().compose()).toList();
    }

    private static List<String> ports(ContainerRecipe s) {
        return s.ports().stream().map(PortBinding::compose).toList();
    }

    private static List<String> volumes(ContainerRecipe s) {
        return s.mounts().stream().map(Mount::compose).toList();
    }

    @Test
    void ollama_singleH100_settingsComeFromThePlan() {
        Plan plan = plan(Fixtures.h100(), Engine.OLLAMA, Quantization.Q8_0);
        Configuration c = plan.chosen().orElseThrow().config();
        Recipe model = compose(plan, Quantization.Q8_0);

        ContainerRecipe ollama = service(model, "ollama");
        assertThat(ollama.image()).isEqualTo("ollama/ollama:" + Images.OLLAMA_VERSION);
        assertThat(env(ollama))
                .containsEntry("OLLAMA_CONTEXT_LENGTH", Integer.toString(c.contextTokens()))
                .containsEntry("OLLAMA_NUM_PARALLEL", "1")
                .containsEntry("OLLAMA_KV_CACHE_TYPE", c.kvCacheType().cliName())
                .containsEntry("OLLAMA_FLASH_ATTENTION", "1")
                .containsEntry("OLLAMA_KEEP_ALIVE", "-1")
                .doesNotContainKey("OLLAMA_SCHED_SPREAD");
        assertThat(ollama.gpu()).contains(GpuRequest.count(1));
        assertThat(ollama.devices()).isEmpty();
        assertThat(ports(ollama)).containsExactly("127.0.0.1:11434:11434");
        assertThat(ollama.healthcheck().orElseThrow().test()).containsExactly("CMD", "ollama", "list");

        ContainerRecipe pull = service(model, "ollama-pull");
        assertThat(args(pull)).containsExactly("pull", "deepseek-r1:32b-qwen-distill-q8_0");
        assertThat(pull.dependsOn()).containsExactly(new Dependency("ollama", "service_healthy"));
        assertThat(pull.gpu()).isEmpty();
        assertThat(pull.restart()).isEqualTo("no");
        assertThat(model.warnings()).isEmpty();
    }

    @Test
    void ollama_2xRtx4090_q8SplitsLayers_spreadsOverBothGpus() {
        // Q8_0 weights of the 32B model (32.4 GiB) fit on neither 24 GiB card alone
        Recipe model = compose(plan(Fixtures.rtx4090(2), Engine.OLLAMA, Quantization.Q8_0), Quantization.Q8_0);
        ContainerRecipe ollama = service(model, "ollama");
        assertThat(env(ollama)).containsEntry("OLLAMA_SCHED_SPREAD", "1");
        assertThat(ollama.gpu()).contains(GpuRequest.count(2));
    }

    @Test
    void ollama_strixHalo_rocmImageWithDevices_noNvidiaReservation() {
        Recipe model = compose(plan(Fixtures.strixHalo(), Engine.OLLAMA, Quantization.Q4_K_M), Quantization.Q4_K_M);
        ContainerRecipe ollama = service(model, "ollama");
        assertThat(ollama.image()).endsWith("-rocm");
        assertThat(ollama.devices()).containsExactly("/dev/kfd", "/dev/dri");
        assertThat(ollama.gpu()).isEmpty();
    }

    @Test
    void ollama_cpuOnly_noGpuBlockNoDevices() {
        Recipe model = compose(plan(Fixtures.cpu(), Engine.OLLAMA, Quantization.Q4_K_M), Quantization.Q4_K_M);
        ContainerRecipe ollama = service(model, "ollama");
        assertThat(ollama.image()).isEqualTo(Images.OLLAMA);
        assertThat(ollama.gpu()).isEmpty();
        assertThat(ollama.devices()).isEmpty();
    }

    @Test
    void ollama_mac_nativeLaunchScriptAndNoContainer() {
        Recipe model = compose(plan(Fixtures.appleM3Ultra(), Engine.OLLAMA, Quantization.Q8_0), Quantization.Q8_0);
        assertThat(model.container()).isEmpty();
        assertThat(model.companions()).isEmpty();
        assertThat(model.settings()).isEmpty();
        NativeLaunch script = model.launch().orElseThrow();
        assertThat(script.url()).isEqualTo("http://127.0.0.1:11434");
        assertThat(script.model()).isEqualTo("deepseek-r1:32b-qwen-distill-q8_0");
        assertThat(script.environment().stream().map(EnvVar::name))
                .contains("OLLAMA_CONTEXT_LENGTH", "OLLAMA_NUM_PARALLEL", "OLLAMA_KV_CACHE_TYPE", "OLLAMA_HOST");
        assertThat(model.readme().layout()).isEqualTo(ReadmeFacts.Layout.OLLAMA_NATIVE);
    }

    @Test
    void ollama_macWithUi_composeHoldsOnlyTheUiPointingAtTheNativeServer() {
        Plan plan = plan(Fixtures.appleM3Ultra(), Engine.OLLAMA, Quantization.Q8_0);
        Recipe model =
                compose(plan, Quantization.Q8_0, new RecipeOptions("x", Optional.empty(), true, Optional.empty()));
        assertThat(model.composeContainers())
                .extracting(ContainerRecipe::service)
                .containsExactly("open-webui");
        assertThat(env(service(model, "open-webui")))
                .containsEntry("OLLAMA_BASE_URL", "http://host.docker.internal:11434");
        assertThat(model.launch()).isPresent();
    }

    @Test
    void ollama_listen_publishesOnTheAddressAndWarnsThatOllamaHasNoAuthentication() {
        Recipe model = compose(
                plan(Fixtures.h100(), Engine.OLLAMA, Quantization.Q8_0),
                Quantization.Q8_0,
                new RecipeOptions("x", Optional.of("0.0.0.0"), false, Optional.empty()));
        assertThat(ports(service(model, "ollama"))).containsExactly("0.0.0.0:11434:11434");
        assertThat(model.warnings()).singleElement().asString().contains("Ollama has no authentication");
    }

    @Test
    void vllm_singleH100_everyPlannedFlag() {
        Plan plan = plan(Fixtures.h100(), Engine.VLLM, Quantization.BF16);
        Configuration c = plan.chosen().orElseThrow().config();
        ContainerRecipe vllm = service(compose(plan, Quantization.BF16), "vllm");
        assertThat(args(vllm))
                .startsWith(Fixtures.REPO)
                .contains(
                        "--served-model-name=" + Fixtures.ID,
                        "--max-model-len=" + c.contextTokens(),
                        "--gpu-memory-utilization=" + RecipeContext.decimal(c.gpuMemoryUtilization()),
                        "--tensor-parallel-size=1",
                        "--max-num-seqs=1",
                        "--kv-cache-dtype=" + (c.kvCacheType() == KvCacheType.FP8 ? "fp8" : "auto"),
                        "--dtype=bfloat16",
                        "--reasoning-parser=deepseek_r1")
                .noneMatch(a -> a.startsWith("--api-key") || a.startsWith("--quantization"));
        assertThat(vllm.ipc()).contains("host");
        assertThat(vllm.gpu()).contains(GpuRequest.count(1));
        assertThat(env(vllm)).containsEntry("HF_TOKEN", "${HF_TOKEN:-}").doesNotContainKey("NCCL_P2P_DISABLE");
        assertThat(volumes(vllm)).containsExactly("${HOME}/.cache/huggingface:/root/.cache/huggingface");
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
        Recipe model = compose(
                plan(Fixtures.h100(), Engine.VLLM, Quantization.BF16),
                Quantization.BF16,
                new RecipeOptions("x", Optional.empty(), false, Optional.ofNullable(driver)));
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
        Recipe model = compose(
                plan(h100, Engine.VLLM, Quantization.BF16),
                Quantization.BF16,
                new RecipeOptions("x", Optional.empty(), false, Optional.ofNullable(flag)));
        assertThat(service(model, "vllm").image()).isEqualTo(image);
        ImageChoice choice = model.readme().image().orElseThrow();
        assertThat(choice.driverDetected()).isEqualTo(flag == null);
        if (flag == null) {
            assertThat(choice.driver()).contains(detected);
            assertThat(choice.detectedCuda()).contains(cuda);
        }
    }

    @Test
    void vllm_2xRtx4090_tensorParallelWithoutPeerToPeer_disablesNcclP2p() {
        Plan plan = plan(Fixtures.NAME, Fixtures.rtx4090(2), Engine.VLLM, Quantization.AWQ, OptionalInt.of(2));
        ContainerRecipe vllm = service(compose(plan, Quantization.AWQ), "vllm");
        assertThat(env(vllm)).containsEntry("NCCL_P2P_DISABLE", "1");
        assertThat(vllm.gpu()).contains(GpuRequest.count(2));
        assertThat(args(vllm))
                .startsWith("casperhansen/deepseek-r1-distill-qwen-32b-awq")
                .contains("--tensor-parallel-size=2")
                // a pre-quantized AWQ checkpoint: vLLM picks awq_marlin itself; naming awq would force the slow kernel
                .noneMatch(a -> a.startsWith("--quantization") || a.startsWith("--dtype"));
    }

    @Test
    void vllm_dgxSpark_nvidiasImageRunsVllmServe_withNgcLimits() {
        ContainerRecipe vllm =
                service(compose(plan(Fixtures.spark(), Engine.VLLM, Quantization.BF16), Quantization.BF16), "vllm");
        assertThat(vllm.image()).isEqualTo(Images.NGC_VLLM);
        assertThat(args(vllm)).startsWith("vllm", "serve", Fixtures.REPO);
        assertThat(vllm.ulimits()).extracting(Ulimit::name).containsExactly("memlock", "stack");
        assertThat(vllm.gpu()).contains(GpuRequest.count(1));
    }

    @Test
    void vllm_listen_requiresTheApiKeyFromEnv() {
        Recipe model = compose(
                plan(Fixtures.h100(), Engine.VLLM, Quantization.BF16),
                Quantization.BF16,
                new RecipeOptions("x", Optional.of("192.168.1.20"), true, Optional.empty()));
        ContainerRecipe vllm = service(model, "vllm");
        // the key goes in the environment, never on the command line ('docker inspect', ps, the start-up log)
        assertThat(env(vllm)).containsEntry("VLLM_API_KEY", "${VLLM_API_KEY:?set VLLM_API_KEY in .env}");
        assertThat(args(vllm)).noneMatch(a -> a.contains("VLLM_API_KEY") || a.startsWith("--api-key"));
        assertThat(ports(vllm)).containsExactly("192.168.1.20:8000:8000");
        assertThat(model.settings()).extracting(UserSetting::name).contains("VLLM_API_KEY");
        assertThat(model.settings())
                .allSatisfy(e -> assertThat(e.value()).as("secret %s", e.name()).isEmpty());
        assertThat(vllm.env())
                .filteredOn(v -> v.name().equals("VLLM_API_KEY"))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.kind()).isEqualTo(EnvVar.Kind.SECRET);
                    assertThat(v.value().required()).isTrue();
                });
        assertThat(env(service(model, "open-webui")))
                .containsEntry("OPENAI_API_BASE_URL", "http://vllm:8000/v1")
                .containsEntry("OPENAI_API_KEY", "${VLLM_API_KEY}");
        assertThat(ports(service(model, "open-webui"))).containsExactly("192.168.1.20:3000:8080");
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
        assertThat(VllmRecipe.precisionArg(q, repo, Fixtures.REPO)
                        .map(a -> a.value().compose()))
                .isEqualTo(Optional.ofNullable(flag));
    }

    @Test
    void nim_h100_profileAndLimitsFromThePlan() {
        // BF16 weights (61 GiB) and a 16-bit KV cache do not fit one H100 under NIM; FP8 does
        Plan plan = plan(Fixtures.h100(), Engine.NIM, Quantization.FP8);
        Configuration c = plan.chosen().orElseThrow().config();
        Recipe model = compose(plan, Quantization.FP8);
        ContainerRecipe nim = service(model, "nim");
        assertThat(nim.image()).isEqualTo("nvcr.io/nim/deepseek-ai/deepseek-r1-distill-qwen-32b:latest");
        assertThat(env(nim))
                .containsEntry("NGC_API_KEY", "${NGC_API_KEY:?set NGC_API_KEY in .env}")
                .containsEntry("NIM_MODEL_PROFILE", "vllm-fp8-tp1-pp1")
                .containsEntry("NIM_MAX_MODEL_LEN", Integer.toString(c.contextTokens()))
                .containsEntry("NIM_GPU_MEMORY_UTILIZATION", RecipeContext.decimal(c.gpuMemoryUtilization()));
        assertThat(nim.shmBytes()).contains(16L << 30);
        assertThat(volumes(nim)).containsExactly("${HOME}/.cache/nim:/opt/nim/.cache");
        assertThat(nim.healthcheck().orElseThrow().test().get(3)).contains("/v1/health/ready");
        assertThat(model.settings()).extracting(UserSetting::name).contains("NGC_API_KEY");
    }

    @Test
    void nim_dgxSpark_usesTheSparkVariant() {
        ContainerRecipe nim =
                service(compose(plan(Fixtures.spark(), Engine.NIM, Quantization.BF16), Quantization.BF16), "nim");
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

        ContainerRecipe s = service(compose(plan(migInstance(uuid), engine, q), q), service);

        assertThat(s.gpu()).contains(GpuRequest.deviceIds(List.of(uuid)));
    }

    @Test
    void gpuReservation_firstGpusByCount_othersByIds() {
        assertThat(RecipeContext.gpuReservation(List.of(0))).isEqualTo(GpuRequest.count(1));
        assertThat(RecipeContext.gpuReservation(List.of(0, 1))).isEqualTo(GpuRequest.count(2));
        assertThat(RecipeContext.gpuReservation(List.of(1))).isEqualTo(GpuRequest.deviceIds(List.of("1")));
        assertThat(RecipeContext.gpuReservation(List.of(0, 2))).isEqualTo(GpuRequest.deviceIds(List.of("0", "2")));
    }

    @Test
    void gpu_countAndDeviceIdsTogether_isRefused() {
        assertThatThrownBy(() -> new GpuRequest(Optional.of(1), List.of("0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GpuRequest(Optional.empty(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0, 0.0.0.0", "192.168.1.20, 192.168.1.20", "'::', '::'", "[::1], ::1", "FE80::1, fe80::1"})
    void listenAddress_ipLiterals(String given, String expected) {
        assertThat(Listen.address(given)).isEqualTo(expected);
        assertThat(new PortBinding(expected, 8000, 8000).compose()).endsWith(":8000:8000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "256.1.1.1", "0.0.0.0:80", "", "1.2.3.4; rm -rf /"})
    void listenAddress_anythingElse_isAUsageError(String given) {
        assertThatThrownBy(() -> Listen.address(given)).isInstanceOfSatisfying(RecipeException.class, e -> {
            assertThat(e.field()).isEqualTo("listen");
            assertThat(e.value()).isEqualTo(given);
        });
    }

    @Test
    void port_ipv6_inBrackets() {
        assertThat(new PortBinding("::", 11434, 11434).compose()).isEqualTo("[::]:11434:11434");
    }

    @Test
    void planThatDoesNotFit_isRefused() {
        // the 32B model in F16 needs 61 GiB; one RTX 4090 has 24
        Plan plan = plan(Fixtures.NAME, Fixtures.rtx4090(1), Engine.VLLM, Quantization.BF16, OptionalInt.empty());
        assertThat(plan.fits()).isFalse();
        assertThatThrownBy(() -> Recipes.of(plan, Fixtures.facts(Fixtures.NAME, Quantization.BF16), Fixtures.options()))
                .isInstanceOfSatisfying(
                        RecipeException.class, e -> assertThat(e.kind()).isEqualTo(RecipeException.Kind.UNSUPPORTED));
    }

    @Test
    void vllm_onAmd_isRefusedWithAHint() {
        assertThatThrownBy(() -> Images.vllm(Platform.AMD, Optional.empty()))
                .isInstanceOfSatisfying(
                        RecipeException.class, e -> assertThat(e.field()).isEqualTo("engine"))
                .hasMessageContaining("--engine ollama");
    }

    @Test
    void projectName_isAValidComposeProjectName() {
        assertThat(Recipes.projectName("deepseek-r1-distill-qwen-1.5b"))
                .isEqualTo("thinkrig-deepseek-r1-distill-qwen-1-5b");
        assertThat(Recipes.projectName("Evil\"Name: x\n")).isEqualTo("thinkrig-evil-name-x");
    }

    @Test
    void literal_dollarIsNotInterpolatedByCompose() {
        assertThat(Value.of("org/${HOME}").compose()).isEqualTo("org/$${HOME}");
    }

    @ParameterizedTest
    @CsvSource({"580.65.06, 580", "575, 575", "' 550.127.05 ', 550"})
    void driverMajor_parsesNvidiaSmiVersions(String version, int major) {
        assertThat(Images.driverMajor(version)).isEqualTo(major);
    }

    @Test
    void driverMajor_garbage_isRefused() {
        assertThatThrownBy(() -> Images.driverMajor("R580")).isInstanceOfSatisfying(RecipeException.class, e -> {
            assertThat(e.field()).isEqualTo("nvidiaDriver");
            assertThat(e.value()).isEqualTo("R580");
        });
    }

    @ParameterizedTest
    @CsvSource({
        "OLLAMA, Q8_0, /api/version, 11434, deepseek-r1:32b-qwen-distill-q8_0",
        "VLLM, BF16, /health, 8000, deepseek-r1-distill-qwen-32b",
        "NIM, FP8, /v1/health/ready, 8000, "
    })
    void readinessAndModel_perEngine(Engine engine, Quantization q, String path, int port, String model) {
        Recipe recipe = compose(plan(Fixtures.h100(), engine, q), q);
        assertThat(recipe.readiness()).isEqualTo(new ReadinessProbe(path, port, 200));
        assertThat(recipe.model()).isEqualTo(Optional.ofNullable(model));
        assertThat(recipe.container().orElseThrow().ports().get(0).containerPort())
                .isEqualTo(port);
        assertThat(recipe.labels())
                .containsEntry(Recipe.DEPLOYMENT_LABEL, "thinkrig-deepseek-r1-distill-qwen-32b")
                .containsEntry(Recipe.ENGINE_LABEL, engine.id());
    }

    @Test
    void envKinds_secretRequiredPlain() {
        Recipe nim = compose(plan(Fixtures.h100(), Engine.NIM, Quantization.FP8), Quantization.FP8);
        Map<String, EnvVar.Kind> kinds =
                nim.container().orElseThrow().env().stream().collect(Collectors.toMap(EnvVar::name, EnvVar::kind));
        assertThat(kinds)
                .containsEntry("NGC_API_KEY", EnvVar.Kind.SECRET)
                .containsEntry("NIM_MODEL_PROFILE", EnvVar.Kind.PLAIN);
        Plan two = plan("Llama", Fixtures.spark(), Engine.VLLM, Quantization.FP8, OptionalInt.empty(), 2);
        ContainerRecipe worker = Recipes.cluster(two, Fixtures.facts("Llama", Quantization.FP8), Fixtures.options())
                .nodes()
                .get(1)
                .container();
        Map<String, EnvVar.Kind> workerKinds =
                worker.env().stream().collect(Collectors.toMap(EnvVar::name, EnvVar::kind));
        assertThat(workerKinds)
                .containsEntry("HF_TOKEN", EnvVar.Kind.SECRET)
                .containsEntry("VLLM_HOST_IP", EnvVar.Kind.REQUIRED)
                .containsEntry("NCCL_SOCKET_IFNAME", EnvVar.Kind.REQUIRED);
    }

    @Test
    void cluster_headRunsRayAndServe_workersJoinAtTheHeadsAddress() {
        Plan two = plan("Llama", Fixtures.spark(), Engine.VLLM, Quantization.FP8, OptionalInt.empty(), 2);
        ClusterRecipe cluster = Recipes.cluster(two, Fixtures.facts("Llama", Quantization.FP8), Fixtures.options());
        assertThat(cluster.nodes()).extracting(ClusterRecipe.Node::directory).containsExactly("node-1", "node-2");
        ContainerRecipe head = cluster.nodes().get(0).container();
        assertThat(head.hostNetwork()).isTrue();
        assertThat(head.ports()).isEmpty();
        assertThat(head.entrypoint().get(2)).startsWith("ray start --head --port=6379");
        assertThat(args(head)).contains("--distributed-executor-backend=ray", "--host=127.0.0.1", "--port=8000");
        ContainerRecipe worker = cluster.nodes().get(1).container();
        assertThat(worker.args().get(2).value().variables()).containsExactly("THINKRIG_HEAD_ADDRESS");
        assertThat(worker.args().get(2).value().resolve(Map.of("THINKRIG_HEAD_ADDRESS", "10.0.0.1")))
                .isEqualTo("--address=10.0.0.1:6379");
        assertThat(worker.optionalDevices()).containsExactly("/dev/infiniband:/dev/infiniband");
        assertThat(cluster.nodes().get(1).settings())
                .extracting(UserSetting::name)
                .containsExactly(
                        "HF_TOKEN", "THINKRIG_HEAD_ADDRESS", "THINKRIG_NODE_ADDRESS", "THINKRIG_NETWORK_INTERFACE");
    }

    @Test
    void kubernetes_leaderWorkerSetOfTwoPods_listenIsRefusedWithTheField() {
        Plan two = plan("Llama", Fixtures.spark(), Engine.VLLM, Quantization.FP8, OptionalInt.empty(), 2);
        KubernetesRecipe k8s = Recipes.kubernetes(two, Fixtures.facts("Llama", Quantization.FP8), Fixtures.options());
        assertThat(k8s.size()).isEqualTo(2);
        assertThat(k8s.gpusPerPod()).isEqualTo(1);
        assertThat(k8s.port()).isEqualTo(8000);
        assertThat(k8s.name()).isEqualTo("thinkrig-deepseek-r1-distill-qwen-32b");
        assertThat(k8s.workerCommand()).contains("--address=$(LWS_LEADER_ADDRESS):6379");
        assertThatThrownBy(() -> Recipes.kubernetes(
                        two,
                        Fixtures.facts("Llama", Quantization.FP8),
                        new RecipeOptions("x", Optional.of("0.0.0.0"), false, Optional.empty())))
                .isInstanceOfSatisfying(
                        RecipeException.class, e -> assertThat(e.field()).isEqualTo("listen"));
    }

    @Test
    void overrides_imageAndHostPort_keepEverythingElse() {
        ContainerRecipe vllm =
                service(compose(plan(Fixtures.h100(), Engine.VLLM, Quantization.BF16), Quantization.BF16), "vllm");
        ContainerRecipe moved = vllm.withImage("mirror.local/vllm:1").withHostPort(18000);
        assertThat(moved.image()).isEqualTo("mirror.local/vllm:1");
        assertThat(moved.ports()).containsExactly(new PortBinding("127.0.0.1", 18000, 8000));
        assertThat(moved.args()).isEqualTo(vllm.args());
        assertThat(moved.env()).isEqualTo(vllm.env());
        assertThat(moved.toBuilder().build()).isEqualTo(moved);
    }

    @Test
    void gpu_cdiNames_indicesForACount_uuidsForMig() {
        assertThat(GpuRequest.count(2).cdiNames()).containsExactly("nvidia.com/gpu=0", "nvidia.com/gpu=1");
        assertThat(GpuRequest.deviceIds(List.of("MIG-40ed9496-24f9-5b8b-95ca-648bfea46a9c"))
                        .cdiNames())
                .containsExactly("nvidia.com/gpu=MIG-40ed9496-24f9-5b8b-95ca-648bfea46a9c");
    }
}
