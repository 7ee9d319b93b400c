package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.thinkrig.deploy.StandInImage;
import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.docker.ContainerEngine.ContainerSpec;
import dev.thinkrig.deploy.docker.ContainerEngineException;
import dev.thinkrig.deploy.docker.DockerJavaEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code thinkrig deploy} against the real Docker engine, with the STAND-IN engine's image (built here, no registry)
 * deployed as if it were Ollama: only {@code --image} and {@code --port} differ from a real deployment.
 */
class DeployIT {

    static final String MODEL = "deepseek-r1-distill-qwen-1.5b";

    /**
     * This run's own suffix: two runs on one Docker engine (two worktrees, a developer's and CI's) deploy different
     * names and build different image tags, so neither removes or rebuilds what the other uses.
     */
    static final String RUN =
            Long.toString(ProcessHandle.current().pid(), 36) + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);

    /** Every deploy here is named (--name), never the model's default name a user's own deployment may hold. */
    static final String NAME = "thinkrig-it-" + RUN;

    static final String IMAGE = "thinkrig-standin:it-" + RUN;
    static final String CRASHING_IMAGE = "thinkrig-standin:it-exit-at-start-" + RUN;
    static final String SLOW_IMAGE = "thinkrig-standin:it-slow-" + RUN;
    static final String WRONG_ANSWER_IMAGE = "thinkrig-standin:it-wrong-answer-" + RUN;
    static final String PULL_ERROR_IMAGE = "thinkrig-standin:it-pull-error-" + RUN;
    static final String DIES_IN_PULL_IMAGE = "thinkrig-standin:it-dies-in-pull-" + RUN;

    private static ContainerEngine docker;

    @BeforeAll
    static void engineAndImages() throws IOException, InterruptedException {
        docker = DockerJavaEngine.connect(System.getenv());
        try {
            docker.info();
        } catch (ContainerEngineException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but no Docker engine answers, so the deploy ITs cannot run: " + e.getMessage());
            }
            Assumptions.abort("no Docker engine reachable, deploy ITs skipped: " + e.getMessage());
        }
        StandInImage.build(IMAGE, List.of("ollama", "3"));
        StandInImage.build(CRASHING_IMAGE, List.of("exit-at-start", "1"));
        StandInImage.build(SLOW_IMAGE, List.of("ollama", "120"));
        StandInImage.build(WRONG_ANSWER_IMAGE, List.of("ollama-wrong-answer", "1"));
        StandInImage.build(PULL_ERROR_IMAGE, List.of("ollama-pull-error", "1"));
        StandInImage.build(DIES_IN_PULL_IMAGE, List.of("ollama-dies-in-pull", "1"));
    }

    /** What this run built goes with it: its images, and any container or volume a failed test left. */
    @AfterAll
    static void close() throws IOException, InterruptedException {
        if (docker != null) {
            new DeployIT().removeLeftovers();
            StandInImage.remove(List.of(
                    IMAGE, CRASHING_IMAGE, SLOW_IMAGE, WRONG_ANSWER_IMAGE, PULL_ERROR_IMAGE, DIES_IN_PULL_IMAGE));
            docker.close();
        }
    }

    @AfterEach
    void removeLeftovers() {
        for (var c : docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME))) {
            docker.remove(c.id());
        }
        docker.volumes(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)).forEach(docker::removeVolume);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Secrets in the environment of every deploy: their values must appear in no output and no file. */
    static final Map<String, String> SECRETS = Map.of(
            "NGC_API_KEY",
            "nvapi-IT-SECRET-4f1c9a7e",
            "VLLM_API_KEY",
            "sk-IT-SECRET-77d2b0c1",
            "HF_TOKEN",
            "hf_IT_SECRET_0b9e");

    private static Cli deploy(String image, int port, String... more) {
        return deploy(MODEL, "cpu-only", image, port, more);
    }

    private static Cli deploy(String model, String hardware, String image, int port, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "deploy",
                model,
                "--hardware",
                hardware,
                "--engine",
                "ollama",
                "--image",
                image,
                "--port",
                Integer.toString(port),
                "--name",
                NAME));
        args.addAll(List.of(more));
        Map<String, String> env = new java.util.HashMap<>(SECRETS);
        env.put("XDG_CONFIG_HOME", "/nonexistent-thinkrig-test");
        Cli cli = Cli.run(env, false, args.toArray(String[]::new));
        assertThat(cli.out + cli.err).doesNotContain(SECRETS.values());
        return cli;
    }

    private static Path stateDir() {
        return Cli.DATA_HOME.resolve("thinkrig/deployments").resolve(NAME);
    }

    private static void assertNothingLeft() {
        assertThat(docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                .isEmpty();
        assertThat(docker.volumes(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                .isEmpty();
        assertThat(stateDir()).doesNotExist();
    }

    @Test
    void deploy_standInAsOllama_passesSmokeTest_secondDeployReuses_downLeavesOthersAlone() throws IOException {
        String bystander = docker.createAndStart(new ContainerSpec(
                "thinkrig-it-bystander-" + RUN,
                IMAGE,
                List.of(),
                List.of(),
                Map.of(),
                List.of(),
                List.of(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of("purpose", "not thinkrig's")));
        try {
            int port = freePort();
            Cli first = deploy(IMAGE, port);

            assertThat(first.exitCode).as(first.out + first.err).isEqualTo(ExitCode.OK.code);
            assertThat(first.out)
                    .contains("waiting", "Pulling model deepseek-r1:1.5b-qwen-distill-q8_0", "success")
                    .contains("PASS", "Endpoint: http://127.0.0.1:" + port);

            // the engine's own model-load lines, read back from its log and set beside the plan (issue 11)
            assertThat(first.out)
                    .contains("The engine's own log, logged next to planned:")
                    .containsPattern("kvCache +\\d")
                    .containsPattern("computeBuffer +302\\.8 MiB")
                    // the stand-in's figures must not calibrate a user's later plans of the real Ollama 0.32
                    .contains("not saved as this machine's calibration: ollama 0.32.0-standin is not a release");
            assertThat(first.out).contains("Files:    " + stateDir());
            assertThat(stateDir().resolve("docker-compose.yml")).isRegularFile();
            assertThat(stateDir().resolve(".env")).isRegularFile();
            assertThat(stateDir().resolve("plan.json")).isRegularFile();
            try (var files = java.nio.file.Files.walk(stateDir())) {
                for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                    assertThat(java.nio.file.Files.readString(f))
                            .as(f.toString())
                            .doesNotContain(SECRETS.values());
                }
            }

            Cli second = deploy(IMAGE, port);
            assertThat(second.exitCode).as(second.out + second.err).isEqualTo(ExitCode.OK.code);
            assertThat(second.out).contains("is running already with this plan's settings: reusing it");
            assertThat(docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                    .hasSize(1);

            // another --context is another recipe: the container is replaced, not reused with the old settings
            String before = docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME))
                    .get(0)
                    .id();
            Cli third = deploy(IMAGE, port, "--context", "65536");
            assertThat(third.exitCode).as(third.out + third.err).isEqualTo(ExitCode.OK.code);
            assertThat(third.out).contains("running with other settings than this plan's");
            assertThat(docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                    .singleElement()
                    .satisfies(c -> assertThat(c.id()).isNotEqualTo(before));

            Cli status = Cli.run("status");
            assertThat(status.out)
                    .contains(NAME, "running")
                    .contains("health     ready (GET http://127.0.0.1:" + port + "/api/version)")
                    .contains("files      " + stateDir());
            assertThat(Cli.run("logs", NAME).out).contains("Listening on");

            Cli down = Cli.run("down", NAME, "--volumes");
            assertThat(down.exitCode).as(down.err).isEqualTo(ExitCode.OK.code);
            assertThat(docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                    .isEmpty();
            assertThat(docker.volumes(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                    .isEmpty();
            assertThat(down.out).contains("Removed " + stateDir());
            assertThat(stateDir()).doesNotExist();
            assertThat(docker.state(bystander).running()).isTrue();
        } finally {
            docker.remove(bystander);
        }
    }

    /** A deploy in its own JVM, as a second terminal runs it. */
    private static Process deployProcess(String image, int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.thinkrig.cli.Main",
                        "deploy",
                        MODEL,
                        "--hardware",
                        "cpu-only",
                        "--engine",
                        "ollama",
                        "--image",
                        image,
                        "--port",
                        Integer.toString(port),
                        "--name",
                        NAME)
                .redirectErrorStream(true);
        builder.environment().put("XDG_DATA_HOME", Cli.DATA_HOME.toString());
        return builder.start();
    }

    @Test
    void twoDeploysOfOneNameAtOnce_oneDeploysTheOtherExits20_andNeitherRemovesTheOthers()
            throws IOException, InterruptedException {
        // they removed each other's container, and sometimes left the survivor on an unlabelled volume
        int collisions = 0;
        for (int round = 0; round < 3; round++) {
            int port = freePort();
            Process a = deployProcess(IMAGE, port);
            Process b = deployProcess(IMAGE, port);
            String outA = new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String outB = new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(a.waitFor(120, TimeUnit.SECONDS) && b.waitFor(120, TimeUnit.SECONDS))
                    .isTrue();
            List<Integer> codes = List.of(a.exitValue(), b.exitValue());
            // one deploys; the other either met the lock (exit 20, nothing changed) or, started late on a busy
            // machine, came after it and reused its container
            assertThat(codes).as(outA + "\n----\n" + outB).contains(ExitCode.OK.code);
            assertThat(codes)
                    .as(outA + "\n----\n" + outB)
                    .allMatch(c -> c == ExitCode.OK.code || c == ExitCode.DEPLOYMENT_BUSY.code);
            if (codes.contains(ExitCode.DEPLOYMENT_BUSY.code)) {
                collisions++;
                assertThat(outA + outB).contains("another thinkrig deploy or down of " + NAME + " is running (pid ");
            } else {
                assertThat(outA + outB).contains("reusing it");
            }
            assertThat(docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                    .singleElement()
                    .satisfies(c -> assertThat(c.state()).isEqualTo("running"));
            assertThat(docker.volumes(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                    .containsExactly(NAME + "_ollama");
            assertThat(Cli.run("down", NAME, "--volumes").exitCode).isZero();
            assertNothingLeft();
        }
        assertThat(collisions).as("rounds in which the two deploys met").isPositive();
    }

    @Test
    void volumeOnlyDeployment_isListedByStatus_logsSaysSo_downVolumesRemovesIt() {
        // what a container removed outside thinkrig leaves: its volume, the downloaded model, invisible to status
        String volume = NAME + "_ollama";
        docker.ensureVolume(volume, Map.of(ContainerEngine.DEPLOYMENT_LABEL, NAME));

        Cli status = Cli.run("status");
        assertThat(status.out)
                .contains(NAME + "\n  container  none: only its volumes are left")
                .contains("volumes    " + volume);
        Cli logs = Cli.run("logs", NAME);
        assertThat(logs.exitCode).isEqualTo(ExitCode.UNKNOWN_NAME.code);
        assertThat(logs.err).contains("only its volumes are left (" + volume + ")");
        Cli down = Cli.run("down", NAME, "--volumes");
        assertThat(down.exitCode).as(down.err).isEqualTo(ExitCode.OK.code);
        assertThat(docker.volumes(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                .isEmpty();
    }

    @Test
    void deploy_containerExitsAtStart_showsItsLogWithAdviceAndRemovesWhatItCreated() throws IOException {
        Cli failed = deploy(CRASHING_IMAGE, freePort());

        assertThat(failed.exitCode).as(failed.out + failed.err).isEqualTo(ExitCode.EXITED_AT_START.code);
        assertThat(failed.err)
                .contains("exited during start-up (exit code 3)", "CUDA out of memory", "plan again with a smaller");
        assertThat(failed.out).contains("Removed what this run created");
        assertNothingLeft();
    }

    @Test
    void deploy_ctrlCWhileWaiting_removesWhatTheRunCreated() throws IOException, InterruptedException {
        // a separate JVM, so the interrupt runs the real shutdown hook
        Process p = deployProcess(SLOW_IMAGE, freePort());
        StringBuilder seen = new StringBuilder();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.contains("waiting")) {
                    assertThat(docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                            .hasSize(1);
                    new ProcessBuilder("kill", "-INT", Long.toString(p.pid()))
                            .start()
                            .waitFor();
                    break;
                }
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(seen.toString()).isTrue();
            out.lines().forEach(l -> seen.append(l).append('\n'));
        }
        assertThat(seen).contains("Interrupted: removed");
        assertNothingLeft();
    }

    @Test
    void deploy_smokeTestAnswersWrongly_exits8AndRemovesWhatItCreated() throws IOException {
        Cli failed = deploy(WRONG_ANSWER_IMAGE, freePort());

        assertThat(failed.exitCode).as(failed.out + failed.err).isEqualTo(ExitCode.SMOKE_TEST_FAILED.code);
        assertThat(failed.out)
                .contains("FAIL", "The total is 392.", "expected 391")
                .contains("The smoke test failed: what this run created was removed.");
        assertNothingLeft();
    }

    @Test
    void deploy_ollamaRefusesTheModelPull_exits12AndRemovesWhatItCreated() throws IOException {
        Cli failed = deploy(PULL_ERROR_IMAGE, freePort());

        assertThat(failed.exitCode).as(failed.out + failed.err).isEqualTo(ExitCode.PULL_FAILED.code);
        assertThat(failed.err).contains("file does not exist");
        assertThat(failed.out).contains("Removed what this run created");
        assertNothingLeft();
    }

    @Test
    void deploy_engineDiesDuringTheModelPull_exits14WithItsLog_andRemovesWhatItCreated() throws IOException {
        // it was "pull failed" (exit 12) with the broken stream's message, and the engine's own last words unseen
        Cli failed = deploy(DIES_IN_PULL_IMAGE, freePort());

        assertThat(failed.exitCode).as(failed.out + failed.err).isEqualTo(ExitCode.EXITED_AT_START.code);
        assertThat(failed.err)
                .contains("exited during the model pull (exit code 137)")
                .contains("stand-in killed in the middle of the pull");
        assertNothingLeft();
    }

    @Test
    void deploy_imageCannotBePulled_exits12BeforeCreatingAnything() throws IOException {
        // no registry is reachable from test machines; where one is, this repository does not exist there
        Cli failed = deploy("thinkrig-it-no-such-image:0", freePort());

        assertThat(failed.exitCode).as(failed.out + failed.err).isEqualTo(ExitCode.PULL_FAILED.code);
        assertThat(failed.err).contains("could not pull thinkrig-it-no-such-image:0");
        assertNothingLeft();
    }

    @Test
    void deploy_registryAnswers401_exits17BeforeCreatingAnything() throws IOException {
        // dockerd speaks plain HTTP to registries on 127.0.0.0/8 (insecure by default), so this JDK server is one
        HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> asked = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        registry.createContext("/", x -> {
            asked.add(x.getRequestMethod() + " " + x.getRequestURI());
            x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
            x.sendResponseHeaders(401, -1);
            x.close();
        });
        registry.start();
        try {
            String image = "127.0.0.1:" + registry.getAddress().getPort() + "/thinkrig/nim:1";
            Cli failed = deploy(image, freePort());

            assertThat(failed.exitCode).as(failed.out + failed.err).isEqualTo(ExitCode.REGISTRY_AUTH_FAILED.code);
            assertThat(failed.err)
                    .contains("registry authentication failed pulling " + image)
                    .contains("'docker login 127.0.0.1:" + registry.getAddress().getPort() + "'");
            assertThat(asked).contains("GET /v2/");
        } finally {
            registry.stop(0);
        }
        assertNothingLeft();
    }

    @Test
    void deploy_engineNeverAnswers_exits15AfterTheTimeoutAndRemovesWhatItCreated() throws IOException {
        Cli failed = deploy(SLOW_IMAGE, freePort(), "--readiness-timeout", "4");

        assertThat(failed.exitCode).as(failed.out + failed.err).isEqualTo(ExitCode.READINESS_TIMEOUT.code);
        assertThat(failed.err).contains("/api/version did not answer 200 within 4 s", "loading model");
        assertThat(failed.out).contains("Removed what this run created");
        assertNothingLeft();
    }

    @Test
    void deploy_weightsLargerThanFreeDisk_exits16BeforePullingOrCreating(@TempDir Path dir) throws IOException {
        // a CPU machine with memory enough for DeepSeek-R1 671B (Q4_K_M: about 404 GB of weights), so the plan fits
        // and only the disk can refuse it; no test machine has that much free under Docker's data root
        Path huge = dir.resolve("huge-cpu.yaml");
        java.nio.file.Files.writeString(huge, """
                id: huge-cpu
                name: CPU only (test machine with 4 TiB of memory)
                platform: cpu
                host:
                  memory: 4096 GiB
                  usableMemory: 4000 GiB
                  bandwidth: 83 GB/s
                  cores: 8
                  source: a test fixture, not a machine
                """);
        Cli failed = deploy("deepseek-r1", huge.toString(), IMAGE, freePort());

        assertThat(failed.exitCode).as(failed.out + failed.err).isEqualTo(ExitCode.DISK_TOO_SMALL.code);
        assertThat(failed.err)
                .contains(
                        "not enough disk space",
                        "under Docker's data root",
                        " free, ",
                        "Nothing was pulled or created");
        assertThat(failed.out).doesNotContain("Pulling", "Starting");
        assertThat(docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of("thinkrig-deepseek-r1")))
                .isEmpty();
        assertThat(docker.volumes(ContainerEngine.DEPLOYMENT_LABEL, Optional.of("thinkrig-deepseek-r1")))
                .isEmpty();
    }

    @Test
    void deploy_gpuPlanOnAnEngineWithoutGpuAccess_exits11BeforePullingOrCreating() throws IOException {
        Assumptions.assumeFalse(docker.info().gpuAccess(), "this Docker engine can give containers GPUs");
        Cli failed = deploy(MODEL, "h100-80gb", IMAGE, freePort());
        assertThat(failed.exitCode).as(failed.out + failed.err).isEqualTo(ExitCode.NO_GPU_ACCESS.code);
        assertThat(failed.err).contains("GPU");
        assertNothingLeft();
    }

    @Test
    void deploy_portTaken_exits13AndLeavesNothing() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli failed = deploy(IMAGE, taken.getLocalPort());

            assertThat(failed.exitCode).as(failed.out + failed.err).isEqualTo(ExitCode.PORT_TAKEN.code);
            assertThat(failed.err).contains("already taken");
        }
        assertNothingLeft();
    }
}
