package dev.thinkrig.deploy.natively;

import dev.thinkrig.deploy.api.EngineApiException;
import dev.thinkrig.deploy.api.OllamaApi;
import dev.thinkrig.deploy.flow.DeployException;
import dev.thinkrig.deploy.flow.DeployListener;
import dev.thinkrig.deploy.flow.DeployResult;
import dev.thinkrig.deploy.flow.HttpReadiness;
import dev.thinkrig.deploy.flow.StartupAdvice;
import dev.thinkrig.deploy.smoke.SmokeReport;
import dev.thinkrig.deploy.smoke.SmokeTest;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link NativeDeployment}: starts {@code ollama serve} in the background with the planned settings (unless a
 * server answers on the planned address already), waits for it, pulls the model, smoke-tests it. A failure, or
 * {@link #abort()} from a Ctrl-C hook, stops the process this run started and nothing else.
 */
public final class NativeDeployer {

    /** How many log lines a start-up failure shows (as the container path). */
    static final int FAILURE_LOG_LINES = 20;

    /** Ollama's server starts in seconds; the model is pulled afterwards (as the container path). */
    static final Duration READINESS_TIMEOUT = Duration.ofMinutes(5);

    /** As the container path: probing every 250 ms notices a ready engine within a second (docs/benchmarks.md). */
    static final Duration READINESS_POLL = Duration.ofMillis(250);

    /** Ollama model pulls are 5-40 GB (as the container path). */
    static final Duration MODEL_PULL_TIMEOUT = Duration.ofHours(2);

    /** The smoke test's answer, the model's first load included (as the container path). */
    static final Duration SMOKE_TIMEOUT = Duration.ofMinutes(15);

    /** {@code /api/ps} answers from memory. */
    static final Duration PS_TIMEOUT = Duration.ofSeconds(10);

    /** Lines of the server's log compared with the plan after the smoke test (as the container path). */
    static final int ENGINE_LOG_LINES = 5000;

    /** The last log line is read from at most this many bytes at the end of the log. */
    private static final int TAIL_BYTES = 64 * 1024;

    /** What a started server is known by after this run: its PID and start time, for {@code status} and {@code down}. */
    public record Started(long pid, Optional<Instant> startedAt) {}

    /** A finished native deployment: the result, and the server this run started (none when one answered already). */
    public record Result(DeployResult deploy, Optional<Started> started) {}

    private final DeployListener listener;
    private final Duration poll;
    private final Duration readinessTimeout;
    private Process process;
    private boolean aborted;
    private boolean succeeded;

    public NativeDeployer(DeployListener listener, Optional<Duration> readinessTimeout) {
        this(listener, READINESS_POLL, readinessTimeout.orElse(READINESS_TIMEOUT));
    }

    NativeDeployer(DeployListener listener, Duration poll, Duration readinessTimeout) {
        this.listener = listener;
        this.poll = poll;
        this.readinessTimeout = readinessTimeout;
    }

    /** Every step {@link #deploy} would take, in words, starting nothing ({@code --dry-run}). */
    public static List<String> steps(NativeDeployment d, Path log) {
        List<String> steps = new ArrayList<>();
        steps.add("find the ollama executable: " + String.join(", else ", OllamaExecutable.places())
                + " (missing: say how to install it)");
        steps.add("probe GET " + d.endpoint() + d.readinessPath() + ": a server answering there already is used as it"
                + " is (its own settings, not the planned ones), and no second one started");
        steps.add("otherwise start 'ollama serve' in the background, its output to " + log
                + ", its PID kept for status and down");
        d.environment().forEach((k, v) -> steps.add("  env " + k + "=" + v));
        steps.add("wait up to " + READINESS_TIMEOUT.toMinutes() + " min for GET " + d.endpoint() + d.readinessPath()
                + " to answer 200, showing the server's last log line");
        steps.add("pull model " + d.model() + " through POST " + d.endpoint() + "/api/pull");
        steps.add("smoke test: ask " + d.model() + " for 17 x 23 and check the answer (391) and the reasoning trace");
        steps.add("on failure or Ctrl-C: stop the server this run started, nothing else");
        return steps;
    }

    /**
     * Deploys {@code d}, running {@code executable} when no server answers yet, with its output to {@code log}.
     *
     * @param inherited the environment the server inherits; the planned settings replace what it sets
     */
    public Result deploy(NativeDeployment d, Path executable, Path log, Map<String, String> inherited) {
        try {
            Result result = run(d, executable, log, inherited);
            synchronized (this) {
                succeeded = result.deploy().smoke().passed();
            }
            if (!succeeded) {
                stopStarted();
            }
            return result;
        } catch (RuntimeException e) {
            stopStarted();
            throw e;
        }
    }

    /**
     * Called by a Ctrl-C hook: unless the deployment succeeded, stops the server this run started and keeps it from
     * starting one. Returns what was stopped, in words.
     */
    /** Whether the deployment passed its smoke test (then Ctrl-C and failures leave its server running). */
    public synchronized boolean succeeded() {
        return succeeded;
    }

    public List<String> abort() {
        synchronized (this) {
            if (succeeded) {
                return List.of();
            }
            aborted = true;
        }
        return stopStarted();
    }

    private Result run(NativeDeployment d, Path executable, Path log, Map<String, String> inherited) {
        HttpReadiness readiness = new HttpReadiness(d.endpoint().resolve(d.readinessPath()));
        long started = System.nanoTime();
        Optional<Started> ours = Optional.empty();
        boolean reused = readiness.probe().isEmpty();
        if (reused) {
            listener.step("A server answers at " + readiness.url() + " already: using it, no second one started. Its"
                    + " settings are its own: the planned ones (" + planned(d) + ") apply only to a server thinkrig"
                    + " starts; quit that one (the Ollama menu-bar app, 'brew services stop ollama') and deploy again to"
                    + " run with them");
        } else {
            ours = Optional.of(start(d, executable, log, inherited));
            awaitReady(d, readiness, log);
        }
        Duration ready = Duration.ofNanos(System.nanoTime() - started);
        listener.step(String.format(
                "ollama answers at %s%s after %.1f s", d.endpoint(), d.readinessPath(), ready.toMillis() / 1000.0));

        OllamaApi ollama = new OllamaApi(d.endpoint());
        listener.step("Pulling model " + d.model() + " into Ollama");
        try {
            ollama.pull(d.model(), MODEL_PULL_TIMEOUT, listener::modelProgress);
        } catch (EngineApiException e) {
            throw new DeployException(DeployException.Kind.PULL_FAILED, e.getMessage(), e);
        }
        long readyAt = System.nanoTime();
        listener.step("Smoke test: a reasoning prompt with a checkable answer to " + d.model());
        Duration overhead = Duration.ofNanos(System.nanoTime() - readyAt);
        SmokeReport report = SmokeTest.run(ollama, d.model(), SMOKE_TIMEOUT);
        List<OllamaApi.LoadedModel> loaded;
        try {
            loaded = ollama.ps(PS_TIMEOUT);
        } catch (EngineApiException e) {
            listener.step("Ollama's /api/ps did not answer, so its memory is not measured: " + e.getMessage());
            loaded = List.of();
        }
        String id = ours.map(s -> "pid " + s.pid()).orElse("");
        return new Result(
                new DeployResult(
                        d.name(),
                        id,
                        d.endpoint(),
                        d.model(),
                        reused,
                        ready,
                        overhead,
                        report,
                        loaded,
                        // the server's own lines (the model load the smoke test caused), for the CLI to compare
                        tail(log, ENGINE_LOG_LINES)),
                ours);
    }

    private static String planned(NativeDeployment d) {
        List<String> settings = new ArrayList<>();
        d.environment().forEach((k, v) -> {
            if (!k.equals(NativeDeployment.HOST_VARIABLE)) {
                settings.add(k + "=" + v);
            }
        });
        return String.join(", ", settings);
    }

    private Started start(NativeDeployment d, Path executable, Path log, Map<String, String> inherited) {
        ProcessBuilder pb = new ProcessBuilder(executable.toString(), "serve");
        pb.environment().clear();
        pb.environment().putAll(inherited);
        pb.environment().putAll(d.environment());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        // no terminal input: the server runs on after thinkrig exits
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        listener.step("Starting " + executable + " serve on " + d.environment().get(NativeDeployment.HOST_VARIABLE)
                + " (" + planned(d) + "); its log: " + log);
        Process p;
        synchronized (this) {
            if (aborted) {
                throw new DeployException(DeployException.Kind.FAILED, "interrupted", null);
            }
            try {
                Files.createDirectories(log.getParent());
                p = pb.start();
            } catch (IOException e) {
                throw new DeployException(
                        DeployException.Kind.EXITED_AT_START, "cannot run " + executable + ": " + e.getMessage(), e);
            }
            process = p;
        }
        return new Started(p.pid(), NativeProcess.startOf(p.toHandle()));
    }

    private void awaitReady(NativeDeployment d, HttpReadiness readiness, Path log) {
        long start = System.nanoTime();
        String lastSeen = "nothing yet";
        String lastLine = "";
        listener.step("Waiting for " + readiness.url() + " (up to " + describe(readinessTimeout) + ")");
        while (true) {
            String probe = readiness.probe();
            if (probe.isEmpty()) {
                return;
            }
            lastSeen = probe;
            Process p;
            synchronized (this) {
                if (aborted || process == null) {
                    throw new DeployException(DeployException.Kind.FAILED, "interrupted", null);
                }
                p = process;
            }
            if (!p.isAlive()) {
                List<String> lines = tail(log, FAILURE_LOG_LINES);
                String advice = StartupAdvice.advise(lines)
                        .map(a -> "\nWhat to do: " + a)
                        .orElse("");
                throw new DeployException(
                        DeployException.Kind.EXITED_AT_START,
                        "ollama serve exited during start-up (exit code " + p.exitValue() + "); its last log lines:\n  "
                                + String.join("\n  ", lines) + advice,
                        null);
            }
            List<String> last = tail(log, 1);
            if (!last.isEmpty()) {
                lastLine = last.get(0);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            listener.waiting(elapsed, lastLine);
            if (elapsed.compareTo(readinessTimeout) >= 0) {
                throw new DeployException(
                        DeployException.Kind.READINESS_TIMEOUT,
                        "GET " + readiness.url() + " did not answer 200 within " + describe(readinessTimeout)
                                + "; last seen: " + lastSeen
                                + (lastLine.isEmpty() ? "" : "; the server's last log line: " + lastLine)
                                + ". The server was stopped.",
                        null);
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployException(DeployException.Kind.FAILED, "interrupted while waiting for ollama", e);
            }
        }
    }

    /** The last {@code n} non-blank lines of {@code log}; none when it cannot be read. */
    public static List<String> tail(Path log, int n) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length();
            int size = (int) Math.min(length, TAIL_BYTES);
            byte[] bytes = new byte[size];
            f.seek(length - size);
            f.readFully(bytes);
            List<String> lines = Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("\n"))
                    .map(String::stripTrailing)
                    .filter(l -> !l.isBlank())
                    .toList();
            return lines.subList(Math.max(0, lines.size() - n), lines.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String describe(Duration d) {
        return d.toSeconds() < 120 ? d.toSeconds() + " s" : d.toMinutes() + " min";
    }

    /** Stops the server this run started, once; returns it in words. */
    private List<String> stopStarted() {
        Process p;
        synchronized (this) {
            p = process;
            process = null;
        }
        if (p == null || !p.isAlive()) {
            return List.of(); // it exited by itself
        }
        String what = "ollama serve (pid " + p.pid() + ")";
        if (NativeProcess.stop(p.toHandle())) {
            listener.step("Stopped what this run started: " + what);
            return List.of(what);
        }
        listener.step("Could not stop " + what);
        return List.of();
    }
}
