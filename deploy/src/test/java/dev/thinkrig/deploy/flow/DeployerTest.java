package dev.thinkrig.deploy.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.deploy.StandInEngine;
import dev.thinkrig.deploy.api.OllamaApi;
import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.docker.ContainerEngine.ContainerSpec;
import dev.thinkrig.deploy.docker.ContainerEngine.GpuRequest;
import dev.thinkrig.deploy.docker.ContainerEngine.Mount;
import dev.thinkrig.deploy.docker.ContainerEngine.PortBinding;
import dev.thinkrig.deploy.docker.FakeContainerEngine;
import dev.thinkrig.deploy.smoke.SmokeReport;
import dev.thinkrig.sizing.engine.Engine;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployerTest {

    private StandInEngine standIn;
    private final FakeContainerEngine docker = new FakeContainerEngine();
    private final List<String> shown = new ArrayList<>();

    private final DeployListener listener = new DeployListener() {
        @Override
        public void step(String text) {
            shown.add(text);
        }

        @Override
        public void imageProgress(String image, long current, long total, ContainerEngine.PullProgress last) {
            shown.add("image " + current + "/" + total);
        }

        @Override
        public void waiting(Duration elapsed, String lastLogLine) {
            shown.add("waiting: " + lastLogLine);
        }

        @Override
        public void modelProgress(OllamaApi.PullProgress progress) {
            shown.add("model " + progress.status());
        }
    };

    @BeforeEach
    void start() throws IOException {
        standIn = new StandInEngine();
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    private Deployer deployer() {
        return new Deployer(docker, listener, Duration.ofMillis(20), d -> Duration.ofMillis(400));
    }

    private static Deployment ollama(URI endpoint, Optional<GpuRequest> gpus) {
        ContainerSpec spec = new ContainerSpec(
                "thinkrig-test-ollama",
                "ollama/ollama:0.32.4",
                List.of(),
                List.of(),
                Map.of("OLLAMA_KEEP_ALIVE", "-1", "HF_TOKEN", "hf_secretvalue"),
                List.of(new PortBinding("127.0.0.1", endpoint.getPort(), 11434)),
                List.of(new Mount("thinkrig-test_ollama", "/root/.ollama")),
                List.of(),
                gpus,
                Optional.empty(),
                Optional.empty(),
                Map.of(ContainerEngine.DEPLOYMENT_LABEL, "thinkrig-test"));
        return new Deployment(
                "thinkrig-test",
                Engine.OLLAMA,
                spec,
                List.of("thinkrig-test_ollama"),
                endpoint,
                Optional.of("standin:1b"),
                Optional.empty(),
                List.of("HF_TOKEN"));
    }

    /** A vLLM-shaped deployment: the OpenAI-compatible API on port 8000, readiness on /health, no model pull. */
    private static Deployment vllm(URI endpoint) {
        ContainerSpec spec = new ContainerSpec(
                "thinkrig-test-vllm",
                "vllm/vllm-openai:v0.11.0",
                List.of(),
                List.of("--model", "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", "--reasoning-parser", "deepseek_r1"),
                Map.of("HF_TOKEN", "hf_secretvalue"),
                List.of(new PortBinding("127.0.0.1", endpoint.getPort(), 8000)),
                List.of(new Mount("thinkrig-test_hf-cache", "/root/.cache/huggingface")),
                List.of(),
                Optional.of(new GpuRequest(1, List.of())),
                Optional.of("host"),
                Optional.empty(),
                Map.of(ContainerEngine.DEPLOYMENT_LABEL, "thinkrig-test"));
        return new Deployment(
                "thinkrig-test",
                Engine.VLLM,
                spec,
                List.of("thinkrig-test_hf-cache"),
                endpoint,
                Optional.of("deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B"),
                Optional.empty(),
                List.of("HF_TOKEN"));
    }

    /** The download progress the waiting lines show, as the CLI describes it. */
    private List<String> progressWhileWaiting() {
        return shown.stream()
                .filter(l -> l.startsWith("waiting: "))
                .map(l -> LogProgress.parse(l.substring("waiting: ".length())))
                .flatMap(Optional::stream)
                .map(LogProgress::describe)
                .toList();
    }

    private static URI unusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    @Test
    void deploy_healthyEngine_pullsStartsWithLabelsPullsModelAndPassesSmokeTest() {
        DeployResult result = deployer().deploy(ollama(standIn.uri(), Optional.empty()));

        assertThat(result.smoke().passed()).isTrue();
        assertThat(result.reused()).isFalse();
        assertThat(docker.calls)
                .containsSubsequence("info", "pull ollama/ollama:0.32.4", "create thinkrig-test-ollama");
        FakeContainerEngine.Box box = docker.containers.values().iterator().next();
        assertThat(box.spec.labels())
                .containsEntry(ContainerEngine.DEPLOYMENT_LABEL, "thinkrig-test")
                .containsKey(ContainerEngine.RUN_LABEL);
        assertThat(docker.volumes).containsKey("thinkrig-test_ollama");
        // layers summed: a1 1000/1000 + b2 3000/3000
        assertThat(shown).contains("image 4000/4000", "model success");
    }

    @Test
    void deploy_vllmDownloadingItsModel_waitingShowsTheDownload_smokeTestReadsReasoning() {
        docker.info = new ContainerEngine.EngineInfo("20.10.24", "1.41", "x86_64", List.of("runc", "nvidia"), false);
        standIn.downloading();
        docker.liveLog = Optional.of(standIn::log);

        DeployResult result = deployer().deploy(vllm(standIn.uri()));

        assertThat(progressWhileWaiting())
                .containsExactly(
                        "model-00001-of-00002.safetensors 45% (2.2 of 4.9 GB)",
                        "model-00001-of-00002.safetensors 100% (4.9 of 4.9 GB)",
                        "model-00002-of-00002.safetensors 60% (2.1 of 3.5 GB)",
                        "checkpoint shards 1/2 50%",
                        "checkpoint shards 2/2 100%");
        assertThat(shown).contains("waiting: " + StandInEngine.DOWNLOAD_LOG.get(0));
        assertThat(result.smoke().passed())
                .as(result.smoke().problems().toString())
                .isTrue();
        assertThat(result.smoke().trace()).isEqualTo(SmokeReport.Trace.REASONING_FIELD);
        assertThat(result.model()).isEqualTo("deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B");
        // vLLM downloads inside the container: no Ollama pull
        assertThat(shown).noneSatisfy(l -> assertThat(l).startsWith("model "));
        assertThat(standIn.log()).last().isEqualTo("INFO:     Application startup complete.");
    }

    @Test
    void deploy_vllmWithReasoningContent_smokeTestReadsTheOlderField() {
        docker.info = new ContainerEngine.EngineInfo("20.10.24", "1.41", "x86_64", List.of("runc", "nvidia"), false);
        standIn.downloading().reasoningField("reasoning_content");
        docker.liveLog = Optional.of(standIn::log);

        DeployResult result = deployer().deploy(vllm(standIn.uri()));

        assertThat(result.smoke().passed())
                .as(result.smoke().problems().toString())
                .isTrue();
        assertThat(result.smoke().trace()).isEqualTo(SmokeReport.Trace.REASONING_CONTENT_FIELD);
    }

    @Test
    void deploy_ollama_readsWhatApiPsReportsLoaded() throws IOException {
        try (StandInEngine sized =
                new StandInEngine(Map.of("OLLAMA_CONTEXT_LENGTH", "8192", "OLLAMA_NUM_PARALLEL", "2"))) {
            DeployResult result = deployer().deploy(ollama(sized.uri(), Optional.empty()));

            // the stand-in's 1.6 GB of weights + 8192 x 2 tokens x 28 KiB (its KV bytes per token)
            assertThat(result.loaded())
                    .containsExactly(new OllamaApi.LoadedModel("standin:1b", 2_069_762_048L, 0, 8192));
        }
    }

    @Test
    void deploy_apiPsFails_deploysAnywayWithNothingMeasured() throws IOException {
        try (StandInEngine broken = new StandInEngine(Map.of("OLLAMA_CONTEXT_LENGTH", "not a number"))) {
            DeployResult result = deployer().deploy(ollama(broken.uri(), Optional.empty()));

            assertThat(result.smoke().passed()).isTrue();
            assertThat(result.loaded()).isEmpty();
            assertThat(shown).anyMatch(s -> s.startsWith("Ollama's /api/ps did not answer"));
        }
    }

    @Test
    void deploy_sameNameTwice_reusesTheRunningContainer() {
        Deployment d = ollama(standIn.uri(), Optional.empty());
        deployer().deploy(d);
        DeployResult second = deployer().deploy(d);

        assertThat(second.reused()).isTrue();
        assertThat(docker.containers).hasSize(1);
    }

    /** {@code d} with another image and recipe label: a redeploy with other settings. */
    private static Deployment changed(Deployment d, String image, String recipe) {
        ContainerSpec c = d.container();
        Map<String, String> labels = new java.util.HashMap<>(c.labels());
        labels.put(Deployments.RECIPE_LABEL, recipe);
        ContainerSpec spec = new ContainerSpec(
                c.name(),
                image,
                c.entrypoint(),
                c.command(),
                c.env(),
                c.ports(),
                c.mounts(),
                c.devices(),
                c.gpus(),
                c.ipc(),
                c.shmBytes(),
                labels);
        return new Deployment(
                d.name(),
                d.engine(),
                spec,
                d.volumes(),
                d.endpoint(),
                d.model(),
                d.apiKey(),
                d.secrets(),
                d.registryLogin(),
                d.modelBytes());
    }

    @Test
    void deploy_otherSettings_replacesTheRunningContainer_keepingItsVolumes() {
        // a second deploy with another --context kept the old container and its settings
        Deployment first = changed(ollama(standIn.uri(), Optional.empty()), "ollama/ollama:0.32.4", "aaaa");
        deployer().deploy(first);
        DeployResult second =
                deployer().deploy(changed(ollama(standIn.uri(), Optional.empty()), "ollama/ollama:0.32.4", "bbbb"));

        assertThat(second.reused()).isFalse();
        assertThat(docker.containers.values())
                .singleElement()
                .satisfies(b -> assertThat(b.spec.labels()).containsEntry(Deployments.RECIPE_LABEL, "bbbb"));
        assertThat(shown).anyMatch(l -> l.contains("running with other settings than this plan's"));
        assertThat(docker.volumes).containsKey("thinkrig-test_ollama");
    }

    @Test
    void deploy_sameSettings_reusesAndSaysSo() {
        Deployment d = changed(ollama(standIn.uri(), Optional.empty()), "ollama/ollama:0.32.4", "aaaa");
        deployer().deploy(d);
        assertThat(deployer().deploy(d).reused()).isTrue();
        assertThat(shown).anyMatch(l -> l.contains("running already with this plan's settings: reusing it"));
    }

    @Test
    void deploy_newImageThatCannotBePulled_leavesTheWorkingDeploymentRunning() {
        // the redeploy removed the working container before the new image was known to exist
        deployer().deploy(ollama(standIn.uri(), Optional.empty()));
        String working = docker.containers.keySet().iterator().next();
        docker.pullFailure = Optional.of("manifest for ollama/ollama:9.9.9 not found");

        assertThatThrownBy(() -> deployer()
                        .deploy(changed(ollama(standIn.uri(), Optional.empty()), "ollama/ollama:9.9.9", "cccc")))
                .isInstanceOfSatisfying(
                        DeployException.class, e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.PULL_FAILED));
        assertThat(docker.containers).containsOnlyKeys(working);
        assertThat(docker.containers.get(working).state).isEqualTo("running");
    }

    @Test
    void deploy_engineDiesDuringTheModelPull_isExitedAtStartWithItsLog_notAFailedPull() {
        standIn.mode(StandInEngine.Mode.DIES_IN_PULL).onDeath(() -> {
            docker.containers.values().forEach(b -> {
                b.state = "exited";
                b.exitCode = 137;
                b.log.add("llama runner process has terminated: signal: killed");
            });
            standIn.close();
        });

        assertThatThrownBy(() -> deployer().deploy(ollama(standIn.uri(), Optional.empty())))
                .isInstanceOfSatisfying(
                        DeployException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.EXITED_AT_START))
                .hasMessageContaining("exited during the model pull (exit code 137)")
                .hasMessageContaining("llama runner process has terminated");
    }

    @Test
    void deploy_gpuPlanWithoutGpuAccess_failsBeforePullingWithTheFix() {
        Deployment d = ollama(standIn.uri(), Optional.of(new GpuRequest(-1, List.of())));

        assertThatThrownBy(() -> deployer().deploy(d))
                .isInstanceOfSatisfying(
                        DeployException.class, e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.NO_GPU_ACCESS))
                .hasMessageContaining("nvidia-ctk runtime configure");
        assertThat(docker.calls).containsExactly("info");
    }

    @Test
    void deploy_engineUnreachable_isReportedAsSuch() {
        docker.infoFailure = Optional.of(new dev.thinkrig.deploy.docker.ContainerEngineException(
                dev.thinkrig.deploy.docker.ContainerEngineException.Kind.UNREACHABLE, "no engine", null));

        assertThatThrownBy(() -> deployer().deploy(ollama(standIn.uri(), Optional.empty())))
                .isInstanceOfSatisfying(
                        DeployException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.ENGINE_UNREACHABLE));
    }

    @Test
    void deploy_pullFails_createsNothing() {
        docker.pullFailure = Optional.of("manifest unknown");

        assertThatThrownBy(() -> deployer().deploy(ollama(standIn.uri(), Optional.empty())))
                .isInstanceOfSatisfying(
                        DeployException.class, e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.PULL_FAILED));
        assertThat(docker.containers).isEmpty();
    }

    @Test
    void deploy_portTaken_removesTheVolumeItCreated() {
        docker.portTaken = true;

        assertThatThrownBy(() -> deployer().deploy(ollama(standIn.uri(), Optional.empty())))
                .isInstanceOfSatisfying(
                        DeployException.class, e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.PORT_TAKEN));
        assertThat(docker.volumes).isEmpty();
    }

    @Test
    void deploy_containerExitsAtStart_showsLogTranslatesOomAndRemovesWhatItCreated() throws IOException {
        docker.exitAtStart = true;
        docker.startLog = List.of(
                "loading model with token hf_secretvalue",
                "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB");
        String other = docker.add(ollama(standIn.uri(), Optional.empty()).container());
        docker.containers.get(other).state = "exited";

        assertThatThrownBy(() -> deployer().deploy(ollama(unusedPort(), Optional.empty())))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeployException.Kind.EXITED_AT_START);
                    assertThat(e.getMessage())
                            .contains("CUDA out of memory", "plan again with a smaller --context")
                            .doesNotContain("hf_secretvalue");
                });
        // the earlier deploy's stopped container was replaced; the new one is removed with the volume it made
        assertThat(docker.containers).isEmpty();
        assertThat(docker.volumes).isEmpty();
    }

    @Test
    void deploy_readinessTimeout_saysWhatWasAwaitedAndRemovesTheContainer() throws IOException {
        docker.startLog = List.of("loading weights 40%");

        assertThatThrownBy(() -> deployer().deploy(ollama(unusedPort(), Optional.empty())))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeployException.Kind.READINESS_TIMEOUT);
                    assertThat(e.getMessage()).contains("/api/version", "connection refused", "loading weights 40%");
                });
        assertThat(docker.containers).isEmpty();
        assertThat(shown).contains("waiting: loading weights 40%");
    }

    @Test
    void abort_afterSuccess_removesNothing_andUnrelatedContainersStay() {
        ContainerSpec foreign = new ContainerSpec(
                "someone-else",
                "postgres:16",
                List.of(),
                List.of(),
                Map.of(),
                List.of(),
                List.of(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of());
        docker.add(foreign);
        Deployer deployer = deployer();
        deployer.deploy(ollama(standIn.uri(), Optional.empty()));

        assertThat(deployer.abort()).isEmpty();
        assertThat(docker.containers).hasSize(2);
    }

    @Test
    void abort_whileTheEngineIsStillCreatingTheContainer_waitsForItAndRemovesIt() throws Exception {
        docker.createEntered = new java.util.concurrent.CountDownLatch(1);
        docker.createRelease = new java.util.concurrent.CountDownLatch(1);
        Deployer deployer = deployer();
        java.util.concurrent.atomic.AtomicReference<Throwable> deployFailure =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread deploying = new Thread(() -> {
            try {
                deployer.deploy(ollama(standIn.uri(), Optional.empty()));
            } catch (Throwable t) {
                deployFailure.set(t);
            }
        });
        deploying.start();
        assertThat(docker.createEntered.await(10, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();

        java.util.concurrent.atomic.AtomicReference<List<String>> removed =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread ctrlC = new Thread(() -> removed.set(deployer.abort()));
        ctrlC.start();
        ctrlC.join(300);
        assertThat(ctrlC.isAlive()).as("Ctrl-C waits for the create in flight").isTrue();

        docker.createRelease.countDown();
        ctrlC.join(10_000);
        deploying.join(10_000);
        // whichever of the two threads got there first removed the container and the volume, and only once
        assertThat(ctrlC.isAlive()).isFalse();
        assertThat(docker.calls.stream().filter(c -> c.startsWith("remove ")))
                .containsExactlyInAnyOrder("remove c1", "remove volume thinkrig-test_ollama");
        assertThat(docker.containers).isEmpty();
        assertThat(docker.volumes).isEmpty();
        assertThat(deployFailure.get()).isInstanceOf(DeployException.class).hasMessageContaining("interrupted");
    }

    @Test
    void steps_dryRun_listsEveryStepAndHidesSecrets() {
        List<String> steps = Deployer.steps(ollama(standIn.uri(), Optional.of(new GpuRequest(-1, List.of()))));

        assertThat(String.join("\n", steps))
                .contains("pull image ollama/ollama:0.32.4", "GPU access", "/api/version", "/api/pull", "391")
                .contains("HF_TOKEN=<from your environment, not shown>")
                .doesNotContain("hf_secretvalue");
        assertThat(docker.calls).isEmpty();
    }

    private Deployer deployerWithFree(long freeBytes, List<Path> asked) {
        return new Deployer(docker, listener, Duration.ofMillis(20), d -> Duration.ofMillis(400), true, p -> {
            asked.add(p);
            return Optional.of(new DiskSpace.Free(p, freeBytes));
        });
    }

    private void localEngineWithRoot(Path root) {
        docker.info = new ContainerEngine.EngineInfo(
                "20.10.24", "1.41", "x86_64", List.of("runc"), false, Optional.of(root.toString()), true);
    }

    @Test
    void deploy_weightsLargerThanFreeSpace_failsBeforePullingOrCreatingWithBothFigures(@TempDir Path root) {
        localEngineWithRoot(root);
        List<Path> asked = new ArrayList<>();
        // 404 GB of planned weights (deepseek-r1 Q4_K_M) against 80 GiB free
        Deployment d = ollama(standIn.uri(), Optional.empty()).withModelBytes(404_000_000_000L);

        assertThatThrownBy(() -> deployerWithFree(80L << 30, asked).deploy(d))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeployException.Kind.DISK_TOO_SMALL);
                    // 404e9 B = 376.25 GiB; short by 376.25 - 80 = 296.25 GiB
                    assertThat(e.getMessage())
                            .contains("376.25 GiB", "80.00 GiB free", "296.25 GiB short")
                            .contains("volume thinkrig-test_ollama under Docker's data root " + root)
                            .contains("Nothing was pulled or created");
                });
        assertThat(asked).containsExactly(root);
        assertThat(docker.calls).doesNotContain("pull ollama/ollama:0.32.4");
        assertThat(docker.containers).isEmpty();
        assertThat(docker.volumes).isEmpty();
    }

    @Test
    void deploy_weightsFit_saysNeededAndFree(@TempDir Path root) {
        localEngineWithRoot(root);
        Deployment d = ollama(standIn.uri(), Optional.empty()).withModelBytes(2L << 30);

        assertThat(deployerWithFree(10L << 30, new ArrayList<>())
                        .deploy(d)
                        .smoke()
                        .passed())
                .isTrue();
        assertThat(shown).anySatisfy(l -> assertThat(l).contains("about 2.00 GiB", "10.00 GiB free"));
    }

    @Test
    void deploy_remoteEngine_skipsTheDiskCheckAndSaysSo() {
        docker.info = new ContainerEngine.EngineInfo(
                "20.10.24", "1.41", "x86_64", List.of("runc"), false, Optional.of("/var/lib/docker"), false);
        List<Path> asked = new ArrayList<>();
        Deployment d = ollama(standIn.uri(), Optional.empty()).withModelBytes(404_000_000_000L);

        assertThat(deployerWithFree(1, asked).deploy(d).smoke().passed()).isTrue();
        assertThat(asked).isEmpty();
        assertThat(shown).anySatisfy(l -> assertThat(l).startsWith("Disk space not checked: the Docker engine is not"));
    }

    @Test
    void deploy_registryRefusesLogin_isRegistryAuthFailed_keyNeverInTheMessage() {
        docker.authFailure = Optional.of("nvcr.io said: unauthorized for nvapi-secretkey");
        Deployment plain = ollama(standIn.uri(), Optional.empty());
        ContainerEngine.RegistryLogin login =
                new ContainerEngine.RegistryLogin("nvcr.io", "$oauthtoken", "nvapi-secretkey");
        Deployment d = new Deployment(
                plain.name(),
                plain.engine(),
                plain.container(),
                plain.volumes(),
                plain.endpoint(),
                plain.model(),
                plain.apiKey(),
                plain.secrets(),
                Optional.of(login),
                0);

        assertThatThrownBy(() -> deployer().deploy(d)).isInstanceOfSatisfying(DeployException.class, e -> {
            assertThat(e.kind()).isEqualTo(DeployException.Kind.REGISTRY_AUTH_FAILED);
            assertThat(e.getMessage()).contains("unauthorized").doesNotContain("nvapi-secretkey");
        });
        assertThat(docker.logins).containsExactly(Optional.of(login));
        assertThat(docker.containers).isEmpty();
        assertThat(shown).noneSatisfy(l -> assertThat(l).contains("nvapi-secretkey"));
        assertThat(login.toString()).doesNotContain("nvapi-secretkey");
    }
}
