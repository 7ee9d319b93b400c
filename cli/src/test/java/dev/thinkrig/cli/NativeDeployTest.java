package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.thinkrig.deploy.FakeOllama;
import dev.thinkrig.deploy.StandInEngine;
import dev.thinkrig.deploy.flow.HttpReadiness;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy} of an Apple plan on this (Linux) machine: the plan decides "native", so a shell script named
 * {@code ollama} on PATH that runs the stand-in engine is started as the server, a real process.
 */
class NativeDeployTest {

    private static final String MODEL = "deepseek-r1-distill-qwen-1.5b";
    private static final String NAME = "thinkrig-deepseek-r1-distill-qwen-1-5b";

    @TempDir
    Path bin;

    @TempDir
    Path data;

    private Long pid;

    @AfterEach
    void stopLeftovers() {
        if (pid != null) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Cli run(String... args) {
        // DOCKER_HOST points nowhere: the native path must not need Docker
        return Cli.run(
                Map.of("PATH", bin.toString(), "XDG_DATA_HOME", data.toString(), "DOCKER_HOST", "tcp://127.0.0.1:1"),
                false,
                args);
    }

    @Test
    void deploy_startsTheNativeServer_statusShowsIt_downStopsIt() throws Exception {
        FakeOllama.serving(bin, 1);
        int port = FakeOllama.freePort();

        Cli deploy = run("deploy", MODEL, "--hardware", "m3-ultra-96", "--port", Integer.toString(port));

        assertThat(deploy.exitCode).as(deploy.out + deploy.err).isZero();
        Path dir = data.resolve("thinkrig/deployments/" + NAME);
        JsonNode state =
                new ObjectMapper().readTree(dir.resolve("deployment.json").toFile());
        pid = state.get("pid").asLong();
        assertThat(state.get("runtime").asText()).isEqualTo("native");
        assertThat(state.get("endpoint").asText()).isEqualTo("http://127.0.0.1:" + port);
        assertThat(state.get("image").asText()).isEqualTo(bin.resolve("ollama").toString());
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isPresent();
        assertThat(deploy.out)
                .contains("(the native Ollama: Docker on macOS cannot reach the Apple GPU)")
                .contains("Ollama: " + bin.resolve("ollama"))
                .contains("Starting " + bin.resolve("ollama") + " serve on 127.0.0.1:" + port)
                .contains("Engine ready after")
                .contains("(ollama serve, pid " + pid + ")")
                .contains("Endpoint: http://127.0.0.1:" + port)
                .contains("Stop: thinkrig down " + NAME)
                // the server's model-load lines, read from its log and set beside the plan
                .contains("The engine's own log, logged next to planned:")
                .containsPattern("computeBuffer +302\\.8 MiB");
        // the server got the planned settings: its log and its environment say so
        assertThat(Files.readString(dir.resolve("ollama.log"))).contains("Listening on /127.0.0.1:" + port);
        assertThat(Files.readString(dir.resolve("start-ollama.sh"))).contains("OLLAMA_CONTEXT_LENGTH");

        Cli status = run("status");
        assertThat(status.exitCode).as(status.err).isZero();
        assertThat(status.out)
                .contains(NAME)
                .contains("serve, pid " + pid + "  running")
                .contains("health     ready (GET http://127.0.0.1:" + port + "/api/version)")
                .contains("log        " + dir.resolve("ollama.log"))
                .contains("container deployments not listed");

        // the last line is the last one the model load printed (the smoke test's request loaded it)
        Cli logs = run("logs", NAME, "--tail", "1");
        assertThat(logs.out.strip()).isEqualTo("llama_context:        CPU compute buffer size =   302.75 MiB");
        assertThat(run("logs", NAME).out).contains("Listening on /127.0.0.1:" + port + " (version 0.32.0-standin)");

        Cli down = run("down", NAME);
        assertThat(down.exitCode).as(down.err).isZero();
        assertThat(down.out).contains("Stopped ollama serve (pid " + pid + ")").contains("Removed " + dir);
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(dir).doesNotExist();
    }

    @Test
    void deployAgainOnAnotherPort_whileItsServerRuns_isRefusedAndStartsNoSecondServer() throws Exception {
        FakeOllama.serving(bin, 1);
        int port = FakeOllama.freePort();
        Cli first = run("deploy", MODEL, "--hardware", "m3-ultra-96", "--port", Integer.toString(port));
        assertThat(first.exitCode).as(first.out + first.err).isZero();
        Path dir = data.resolve("thinkrig/deployments/" + NAME);
        pid = new ObjectMapper()
                .readTree(dir.resolve("deployment.json").toFile())
                .get("pid")
                .asLong();

        int other = FakeOllama.freePort();
        Cli second = run("deploy", MODEL, "--hardware", "m3-ultra-96", "--port", Integer.toString(other));

        assertThat(second.exitCode).as(second.out + second.err).isEqualTo(ExitCode.USAGE.code);
        assertThat(second.err)
                .contains("runs ollama serve (pid " + pid + ") at http://127.0.0.1:" + port + " already")
                .contains("'thinkrig down " + NAME + "' first");
        assertThat(new HttpReadiness(java.net.URI.create("http://127.0.0.1:" + other + "/api/version")).probe())
                .as("no second server answers on the new port")
                .isNotEmpty();
        // the record of the first server is intact, so down still stops it
        Cli down = run("down", NAME);
        assertThat(down.out).contains("Stopped ollama serve (pid " + pid + ")");
    }

    @Test
    void aServerAnsweringAlready_isUsedAsItIs_andDownLeavesItRunning() throws Exception {
        FakeOllama.failing(bin, "must not be started");
        int port = FakeOllama.freePort();
        try (StandInEngine running = new StandInEngine(new InetSocketAddress("127.0.0.1", port), Map.of())) {
            Cli deploy = run("deploy", MODEL, "--hardware", "m3-ultra-96", "--port", Integer.toString(port));

            assertThat(deploy.exitCode).as(deploy.out + deploy.err).isZero();
            assertThat(deploy.out)
                    .contains("A server answers at http://127.0.0.1:" + port + "/api/version already")
                    .contains("apply only to a server thinkrig starts")
                    .contains("(a server that was running already; its settings may differ from the plan)")
                    .doesNotContain("Starting ");
            Path dir = data.resolve("thinkrig/deployments/" + NAME);
            JsonNode state =
                    new ObjectMapper().readTree(dir.resolve("deployment.json").toFile());
            assertThat(state.get("pid").isNull()).isTrue();
            assertThat(dir.resolve("ollama.log")).doesNotExist();

            Cli down = run("down", NAME);

            assertThat(down.out).contains("Left the Ollama server at http://127.0.0.1:" + port + " running");
            assertThat(new HttpReadiness(running.uri().resolve("/api/version")).probe())
                    .isEmpty();
            assertThat(dir).doesNotExist();
        }
    }

    @Test
    void notInstalled_exits18_sayingHowToInstall() {
        Cli deploy = run("deploy", MODEL, "--hardware", "m3-ultra-96");

        assertThat(deploy.exitCode).isEqualTo(ExitCode.ENGINE_NOT_INSTALLED.code);
        assertThat(deploy.err)
                .contains("no 'ollama' is on PATH or at /Applications/Ollama.app/Contents/Resources/ollama")
                .contains("brew install ollama")
                .contains("https://ollama.com/download");
        assertThat(data.resolve("thinkrig/deployments/" + NAME)).doesNotExist();
    }

    @Test
    void aServerThatExitsAtStart_exits14_keepsItsLog_andLeavesNoState() throws Exception {
        FakeOllama.failing(bin, "Error: could not create directory mkdir /Users/x/.ollama: permission denied");

        Cli deploy =
                run("deploy", MODEL, "--hardware", "m3-ultra-96", "--port", Integer.toString(FakeOllama.freePort()));

        assertThat(deploy.exitCode).as(deploy.out + deploy.err).isEqualTo(ExitCode.EXITED_AT_START.code);
        assertThat(deploy.err)
                .contains("ollama serve exited during start-up (exit code 1)")
                .contains("mkdir /Users/x/.ollama: permission denied");
        String kept = deploy.out
                .lines()
                .filter(l -> l.startsWith("The server's log: "))
                .findFirst()
                .orElseThrow()
                .substring("The server's log: ".length());
        assertThat(Files.readString(Path.of(kept))).contains("permission denied");
        Files.delete(Path.of(kept));
        assertThat(data.resolve("thinkrig/deployments/" + NAME)).doesNotExist();
    }

    @Test
    void dryRun_listsTheNativeSteps() {
        Cli deploy = run("deploy", MODEL, "--hardware", "m3-ultra-96", "--dry-run");

        assertThat(deploy.exitCode).as(deploy.err).isZero();
        assertThat(deploy.out)
                .contains("find the ollama executable: 'ollama' on PATH, else"
                        + " /Applications/Ollama.app/Contents/Resources/ollama")
                .contains("otherwise start 'ollama serve' in the background")
                .contains("env OLLAMA_CONTEXT_LENGTH=")
                .contains("env OLLAMA_HOST=127.0.0.1:11434")
                .contains("pull model deepseek-r1:1.5b-qwen-distill-q8_0 through POST http://127.0.0.1:11434/api/pull")
                .contains("stop the server this run started, nothing else")
                .doesNotContain("pull image");
    }

    @Test
    void image_doesNotApplyToANativePlan() {
        Cli deploy = run("deploy", MODEL, "--hardware", "m3-ultra-96", "--image", "ollama/ollama:latest");

        assertThat(deploy.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(deploy.err).contains("--image does not apply");
    }
}
