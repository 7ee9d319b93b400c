package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.thinkrig.deploy.StandInImage;
import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.docker.ContainerEngine.ContainerSpec;
import dev.thinkrig.deploy.docker.ContainerEngineException;
import dev.thinkrig.deploy.docker.DockerJavaEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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

/**
 * {@code thinkrig deploy} against the real Docker engine, with the STAND-IN engine's image (built here, no registry)
 * deployed as if it were Ollama: only {@code --image} and {@code --port} differ from a real deployment.
 */
class DeployIT {

    static final String MODEL = "deepseek-r1-distill-qwen-1.5b";
    static final String NAME = "thinkrig-deepseek-r1-distill-qwen-1-5b";
    static final String IMAGE = "thinkrig-standin:it";
    static final String CRASHING_IMAGE = "thinkrig-standin:it-exit-at-start";
    static final String SLOW_IMAGE = "thinkrig-standin:it-slow";

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
    }

    @AfterAll
    static void close() {
        if (docker != null) {
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

    private static Cli deploy(String image, int port) {
        return Cli.run(
                Map.of("XDG_CONFIG_HOME", "/nonexistent-thinkrig-test"),
                false,
                "deploy",
                MODEL,
                "--hardware",
                "cpu-only",
                "--engine",
                "ollama",
                "--image",
                image,
                "--port",
                Integer.toString(port));
    }

    @Test
    void deploy_standInAsOllama_passesSmokeTest_secondDeployReuses_downLeavesOthersAlone() throws IOException {
        String bystander = docker.createAndStart(new ContainerSpec(
                "thinkrig-it-bystander",
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

            assertThat(first.exitCode).as(first.out + first.err).isEqualTo(ExitCodes.OK);
            assertThat(first.out)
                    .contains("waiting", "Pulling model deepseek-r1:1.5b-qwen-distill-q8_0", "success")
                    .contains("PASS", "Endpoint: http://127.0.0.1:" + port);

            Cli second = deploy(IMAGE, port);
            assertThat(second.exitCode).as(second.out + second.err).isEqualTo(ExitCodes.OK);
            assertThat(second.out).contains("is running already: reusing it");
            assertThat(docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                    .hasSize(1);

            assertThat(Cli.run("status").out).contains(NAME, "running");
            assertThat(Cli.run("logs", NAME).out).contains("Listening on");

            Cli down = Cli.run("down", NAME, "--volumes");
            assertThat(down.exitCode).as(down.err).isEqualTo(ExitCodes.OK);
            assertThat(docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                    .isEmpty();
            assertThat(docker.volumes(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                    .isEmpty();
            assertThat(docker.state(bystander).running()).isTrue();
        } finally {
            docker.remove(bystander);
        }
    }

    @Test
    void deploy_containerExitsAtStart_showsItsLogWithAdviceAndRemovesWhatItCreated() throws IOException {
        Cli failed = deploy(CRASHING_IMAGE, freePort());

        assertThat(failed.exitCode).as(failed.out + failed.err).isEqualTo(ExitCodes.EXITED_AT_START);
        assertThat(failed.err)
                .contains("exited during start-up (exit code 3)", "CUDA out of memory", "plan again with a smaller");
        assertThat(failed.out).contains("Removed what this run created");
        assertThat(docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                .isEmpty();
        assertThat(docker.volumes(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                .isEmpty();
    }

    @Test
    void deploy_ctrlCWhileWaiting_removesWhatTheRunCreated() throws IOException, InterruptedException {
        // a separate JVM, so the interrupt runs the real shutdown hook
        Process p = new ProcessBuilder(
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
                        SLOW_IMAGE,
                        "--port",
                        Integer.toString(freePort()))
                .redirectErrorStream(true)
                .start();
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
        assertThat(docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                .isEmpty();
        assertThat(docker.volumes(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                .isEmpty();
    }

    @Test
    void deploy_imageCannotBePulled_exits12BeforeCreatingAnything() throws IOException {
        // no registry is reachable from test machines; where one is, this repository does not exist there
        Cli failed = deploy("thinkrig-it-no-such-image:0", freePort());

        assertThat(failed.exitCode).as(failed.out + failed.err).isEqualTo(ExitCodes.PULL_FAILED);
        assertThat(failed.err).contains("could not pull thinkrig-it-no-such-image:0");
        assertThat(docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                .isEmpty();
        assertThat(docker.volumes(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                .isEmpty();
    }

    @Test
    void deploy_portTaken_exits13AndLeavesNothing() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli failed = deploy(IMAGE, taken.getLocalPort());

            assertThat(failed.exitCode).as(failed.out + failed.err).isEqualTo(ExitCodes.PORT_TAKEN);
            assertThat(failed.err).contains("already taken");
        }
        assertThat(docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(NAME)))
                .isEmpty();
    }
}
