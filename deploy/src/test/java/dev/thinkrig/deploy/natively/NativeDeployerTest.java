package dev.thinkrig.deploy.natively;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.deploy.FakeOllama;
import dev.thinkrig.deploy.StandInEngine;
import dev.thinkrig.deploy.api.OllamaApi;
import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.flow.DeployException;
import dev.thinkrig.deploy.flow.DeployListener;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native path with real processes: a shell script named {@code ollama} that runs the stand-in engine. */
class NativeDeployerTest {

    @TempDir
    Path dir;

    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final List<String> waits = new CopyOnWriteArrayList<>();
    private final DeployListener listener = new DeployListener() {
        @Override
        public void step(String text) {
            steps.add(text);
        }

        @Override
        public void imageProgress(String image, long current, long total, ContainerEngine.PullProgress last) {}

        @Override
        public void waiting(Duration elapsed, String lastLogLine) {
            waits.add(lastLogLine);
        }

        @Override
        public void modelProgress(OllamaApi.PullProgress progress) {}
    };

    private ProcessHandle started;

    @AfterEach
    void stopLeftovers() {
        if (started != null) {
            started.destroyForcibly();
        }
    }

    private NativeDeployment deployment(int port) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OLLAMA_CONTEXT_LENGTH", "20480");
        env.put("OLLAMA_NUM_PARALLEL", "1");
        env.put(NativeDeployment.HOST_VARIABLE, "127.0.0.1:" + port);
        return new NativeDeployment("thinkrig-test", env, URI.create("http://127.0.0.1:" + port), "standin:1b");
    }

    private NativeDeployer deployer(Duration timeout) {
        return new NativeDeployer(listener, Duration.ofMillis(100), timeout);
    }

    @Test
    void startsServe_withThePlannedSettings_pullsAndPassesTheSmokeTest() throws Exception {
        Path exe = FakeOllama.serving(dir, 1);
        int port = FakeOllama.freePort();
        Path log = dir.resolve("state/ollama.log");

        NativeDeployer.Result r =
                deployer(Duration.ofSeconds(60)).deploy(deployment(port), exe, log, Map.of("PATH", "/usr/bin:/bin"));

        assertThat(r.started()).isPresent();
        started = ProcessHandle.of(r.started().get().pid()).orElseThrow();
        assertThat(started.isAlive()).isTrue();
        assertThat(r.deploy().smoke().passed())
                .as(r.deploy().smoke().toString())
                .isTrue();
        assertThat(r.deploy().reused()).isFalse();
        assertThat(r.deploy().containerId()).isEqualTo("pid " + started.pid());
        // the stand-in's /api/ps reports the context the server got from OLLAMA_CONTEXT_LENGTH
        assertThat(r.deploy().loaded())
                .singleElement()
                .satisfies(m -> assertThat(m.contextLength()).isEqualTo(20480));
        assertThat(Files.readString(log)).contains("stand-in engine (tests only) starting", "Listening on");
        assertThat(steps).anyMatch(s -> s.startsWith("Starting " + exe + " serve on 127.0.0.1:" + port));
        assertThat(waits).anyMatch(l -> l.startsWith("stand-in engine") || l.startsWith("loading model"));
        // found again by PID and start time, and stopped
        assertThat(NativeProcess.find(started.pid(), r.started().get().startedAt()))
                .isPresent();
        assertThat(NativeProcess.stop(started)).isTrue();
        assertThat(started.isAlive()).isFalse();
    }

    @Test
    void aProcessThatExitsAtStart_isEXITED_AT_START_withItsLastLogLines() {
        Path exe = FakeOllama.failing(dir, "Error: listen tcp 127.0.0.1:11434: bind: address already in use");
        Path log = dir.resolve("state/ollama.log");

        assertThatThrownBy(() ->
                        deployer(Duration.ofSeconds(30)).deploy(deployment(FakeOllama.freePort()), exe, log, Map.of()))
                .isInstanceOfSatisfying(
                        DeployException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.EXITED_AT_START))
                .hasMessageContaining("exit code 1")
                .hasMessageContaining("bind: address already in use");
    }

    @Test
    void noAnswerInTime_isREADINESS_TIMEOUT_andStopsTheServer() {
        Path exe = FakeOllama.serving(dir, 30);
        Path log = dir.resolve("state/ollama.log");

        assertThatThrownBy(() ->
                        deployer(Duration.ofSeconds(2)).deploy(deployment(FakeOllama.freePort()), exe, log, Map.of()))
                .isInstanceOfSatisfying(
                        DeployException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.READINESS_TIMEOUT))
                .hasMessageContaining("did not answer 200 within 2 s");
        assertThat(steps).anyMatch(s -> s.startsWith("Stopped what this run started: ollama serve (pid "));
        long pid = Long.parseLong(steps.get(steps.size() - 1).replaceAll("\\D+", ""));
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void abort_whileWaiting_stopsTheStartedProcessOnly() throws Exception {
        Path exe = FakeOllama.serving(dir, 30);
        Path log = dir.resolve("state/ollama.log");
        NativeDeployer deployer = deployer(Duration.ofSeconds(60));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<NativeDeployer.Result> run =
                    pool.submit(() -> deployer.deploy(deployment(FakeOllama.freePort()), exe, log, Map.of()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (waits.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String startStep = steps.stream()
                    .filter(s -> s.startsWith("Starting "))
                    .findFirst()
                    .orElseThrow();
            assertThat(startStep).contains(" serve on 127.0.0.1:");

            List<String> stopped = deployer.abort();

            assertThat(stopped).singleElement().asString().startsWith("ollama serve (pid ");
            long pid = Long.parseLong(stopped.get(0).replaceAll("\\D+", ""));
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(ProcessHandle.current().isAlive()).isTrue();
            assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(DeployException.class);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aServerAnsweringAlready_isUsed_andNoSecondOneStarted() throws Exception {
        int port = FakeOllama.freePort();
        Path exe = FakeOllama.failing(dir, "must not run");
        try (StandInEngine running = new StandInEngine(new InetSocketAddress("127.0.0.1", port), Map.of())) {
            NativeDeployer.Result r = deployer(Duration.ofSeconds(30))
                    .deploy(deployment(port), exe, dir.resolve("state/ollama.log"), Map.of());

            assertThat(r.started()).isEmpty();
            assertThat(r.deploy().endpoint()).isEqualTo(running.uri());
            assertThat(r.deploy().reused()).isTrue();
            assertThat(r.deploy().smoke().passed()).isTrue();
            assertThat(steps.get(0))
                    .startsWith("A server answers at http://127.0.0.1:" + port + "/api/version already")
                    .contains("OLLAMA_CONTEXT_LENGTH=20480, OLLAMA_NUM_PARALLEL=1")
                    .contains("apply only to a server thinkrig starts");
            assertThat(dir.resolve("state/ollama.log")).doesNotExist();
        }
    }
}
