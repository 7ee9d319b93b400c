package dev.thinkrig.deploy.flow;

import dev.thinkrig.deploy.api.ChatEngine;
import dev.thinkrig.deploy.api.EngineApiException;
import dev.thinkrig.deploy.api.OllamaApi;
import dev.thinkrig.deploy.api.OpenAiApi;
import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.docker.ContainerEngine.ContainerSpec;
import dev.thinkrig.deploy.docker.ContainerEngine.ContainerState;
import dev.thinkrig.deploy.docker.ContainerEngine.ContainerSummary;
import dev.thinkrig.deploy.docker.ContainerEngineException;
import dev.thinkrig.deploy.smoke.SmokeReport;
import dev.thinkrig.deploy.smoke.SmokeTest;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Takes a {@link Deployment} from nothing to a verified endpoint: engine check, image pull, container start with our
 * labels, readiness the engine's way, Ollama's model pull, the smoke test. A failure, or {@link #abort()} from a
 * Ctrl-C hook, removes what this run created and nothing else.
 */
public final class Deployer {

    /** How many log lines a start-up failure shows. */
    static final int FAILURE_LOG_LINES = 20;

    /**
     * How long Ctrl-C waits for a create in progress: Docker creates and starts a container in well under a second on
     * a local engine; the margin covers a loaded machine.
     */
    static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(30);

    /** Ollama model pulls are 5-40 GB. */
    static final Duration MODEL_PULL_TIMEOUT = Duration.ofHours(2);

    /** The smoke test's answer, the model's first load included (Ollama loads on the first request). */
    static final Duration SMOKE_TIMEOUT = Duration.ofMinutes(15);

    /**
     * How often the readiness wait probes the engine and looks at its container. Probing every second, deploy
     * noticed a ready engine 1.6-2.5 s after it listened (container creation included) on a loaded 2-core machine;
     * every 250 ms, 0.8-0.9 s (bench/deploy-overhead.sh, docs/benchmarks.md). A probe and two local Docker calls are
     * cheap enough to make four times a second.
     */
    static final Duration READINESS_POLL = Duration.ofMillis(250);

    /** Lines of the engine's log read after the smoke test: a vLLM start-up with its warnings fits in a few thousand. */
    static final int ENGINE_LOG_LINES = 5000;

    /** {@code /api/ps} answers from memory; a slow answer means a busy engine, not a reason to wait. */
    static final Duration PS_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How long a broken connection waits for Docker to report the container stopped: the stand-in halted mid-pull
     * was still "running" when the stream broke, and exited within the next few hundred milliseconds.
     */
    static final Duration EXIT_NOTICE = Duration.ofSeconds(3);

    private final ContainerEngine docker;
    private final DeployListener listener;
    private final Duration poll;
    private final Function<Deployment, Duration> readinessTimeout;
    private final boolean diskCheck;
    private final Function<Path, Optional<DiskSpace.Free>> freeSpace;
    private final String runId = UUID.randomUUID().toString();

    private final List<String> createdContainers = new ArrayList<>();
    private final List<String> createdVolumes = new ArrayList<>();
    private boolean aborted;
    /** Creates (a volume, a container) the engine is carrying out right now; Ctrl-C waits for them. */
    private int inFlight;

    private boolean succeeded;
    private List<String> secretValues = List.of();

    public Deployer(ContainerEngine docker, DeployListener listener) {
        this(docker, listener, Optional.empty(), true);
    }

    /**
     * @param readinessTimeout replaces the engine's own readiness timeout where given
     * @param diskCheck whether to refuse a deployment whose planned download does not fit the free disk space
     */
    public Deployer(
            ContainerEngine docker, DeployListener listener, Optional<Duration> readinessTimeout, boolean diskCheck) {
        this(
                docker,
                listener,
                READINESS_POLL,
                d -> readinessTimeout.orElseGet(d::readinessTimeout),
                diskCheck,
                DiskSpace::usable);
    }

    /** With a shorter poll interval and readiness timeout, for tests. */
    Deployer(
            ContainerEngine docker,
            DeployListener listener,
            Duration poll,
            Function<Deployment, Duration> readinessTimeout) {
        this(docker, listener, poll, readinessTimeout, true, DiskSpace::usable);
    }

    /** With a free-space probe of the test's choosing. */
    Deployer(
            ContainerEngine docker,
            DeployListener listener,
            Duration poll,
            Function<Deployment, Duration> readinessTimeout,
            boolean diskCheck,
            Function<Path, Optional<DiskSpace.Free>> freeSpace) {
        this.docker = docker;
        this.listener = listener;
        this.poll = poll;
        this.readinessTimeout = readinessTimeout;
        this.diskCheck = diskCheck;
        this.freeSpace = freeSpace;
    }

    /** Every step {@link #deploy} would take, in words, without touching Docker ({@code --dry-run}). */
    public static List<String> steps(Deployment d) {
        ContainerSpec c = d.container();
        List<String> steps = new ArrayList<>();
        steps.add("check the Docker engine: reachable, architecture"
                + (c.gpus().isPresent() ? ", GPU access (nvidia runtime or CDI devices) required by this plan" : ""));
        steps.add("look for containers labelled " + ContainerEngine.DEPLOYMENT_LABEL + "=" + d.name()
                + " (a running one with this plan's settings is reused; one with other settings, or stopped, is"
                + " replaced once the image is present, its volumes kept)");
        if (d.modelBytes() > 0 && !c.mounts().isEmpty()) {
            steps.add("check the free disk space where the model's weights land ("
                    + c.mounts().get(0).source() + "): about " + DataSize.ofBytes(d.modelBytes()) + " planned");
        }
        steps.add("pull image " + c.image() + " unless present"
                + d.registryLogin()
                        .map(l -> ", logging in to " + l.registry() + " as " + l.username() + " with NGC_API_KEY")
                        .orElse(""));
        d.volumes().forEach(v -> steps.add("create volume " + v + " unless present"));
        steps.add("create and start container " + c.name() + " with labels " + ContainerEngine.DEPLOYMENT_LABEL + "="
                + d.name() + ", " + ContainerEngine.RUN_LABEL + "=<this run>");
        c.ports().forEach(p -> steps.add("  publish " + p.hostIp() + ":" + p.hostPort() + " -> " + p.containerPort()));
        c.mounts().forEach(m -> steps.add("  mount " + m.source() + " -> " + m.target()));
        c.gpus()
                .ifPresent(g -> steps.add("  GPUs: "
                        + (g.deviceIds().isEmpty() ? g.count() + " (driver nvidia)" : "devices " + g.deviceIds())));
        c.devices().forEach(dev -> steps.add("  device " + dev));
        c.env().keySet().stream()
                .sorted()
                .forEach(k -> steps.add("  env " + k + "="
                        + (d.secrets().contains(k)
                                ? "<from your environment, not shown>"
                                : c.env().get(k))));
        if (!c.command().isEmpty()) {
            String command = String.join(" ", c.command());
            for (String secret : secretValues(d)) {
                command = command.replace(secret, "***");
            }
            steps.add("  command " + command);
        }
        steps.add("wait up to " + d.readinessTimeout().toMinutes() + " min for GET " + d.endpoint() + d.readinessPath()
                + " to answer 200, showing the engine's last log line");
        if (d.engine() == Engine.OLLAMA) {
            steps.add("pull model " + d.model().orElse("(the planned tag)") + " through POST " + d.endpoint()
                    + "/api/pull");
        }
        steps.add("smoke test: ask " + d.model().orElse("the served model") + " for 17 x 23 and check the answer (391)"
                + " and the reasoning trace");
        steps.add("on failure or Ctrl-C: remove what this run created, nothing else");
        return steps;
    }

    public DeployResult deploy(Deployment d) {
        secretValues = secretValues(d);
        try {
            DeployResult result = run(d);
            synchronized (this) {
                succeeded = result.smoke().passed();
            }
            if (!result.smoke().passed()) {
                removeCreated();
            }
            return result;
        } catch (ContainerEngineException e) {
            removeCreated();
            throw translate(e);
        } catch (RuntimeException e) {
            removeCreated();
            throw e;
        }
    }

    /**
     * Called by a Ctrl-C hook: unless the deployment succeeded, removes what this run created and stops it from
     * creating more. Returns the names of what was removed.
     */
    public List<String> abort() {
        synchronized (this) {
            if (succeeded) {
                return List.of();
            }
            aborted = true;
            // a create the engine is still carrying out would finish after this hook, and the JVM halts once the
            // hook returns: wait for it so that what it creates is known and removed
            long deadline = System.nanoTime() + IN_FLIGHT_WAIT.toNanos();
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return removeCreated();
    }

    private synchronized void beginCreate() {
        inFlight++;
    }

    private synchronized void endCreate() {
        inFlight--;
        notifyAll();
    }

    /** Removes the containers of an earlier deploy of this name, saying why each goes. */
    private void removeEarlier(List<ContainerSummary> earlier, Deployment d, ContainerSpec spec) {
        for (ContainerSummary c : earlier) {
            String why = !"running".equals(c.state())
                    ? c.state() + ", from an earlier deploy of " + d.name()
                    : !c.image().equals(spec.image())
                            ? "it runs " + c.image() + "; this plan runs " + spec.image()
                            : !c.name().equals(spec.name())
                                    ? "another engine of " + d.name()
                                    : "running with other settings than this plan's (context, parallelism, port or"
                                            + " listen address): replaced, its volumes kept";
            listener.step("Removing " + c.name() + " (" + why + ")");
            docker.remove(c.id());
        }
    }

    private DeployResult run(Deployment d) {
        ContainerSpec spec = d.container();
        listener.step("Checking the Docker engine");
        ContainerEngine.EngineInfo info = docker.info();
        listener.step("Docker " + info.version() + " (API " + info.apiVersion() + "), " + info.architecture()
                + ", GPU access: " + (info.gpuAccess() ? "yes" : "no") + " (runtimes: "
                + String.join(", ", info.runtimes()) + ")");
        if (spec.gpus().isPresent() && !info.gpuAccess()) {
            throw new DeployException(
                    DeployException.Kind.NO_GPU_ACCESS,
                    "this plan runs on NVIDIA GPUs but the Docker engine cannot reach them (no nvidia runtime, no"
                            + " CDI nvidia.com/gpu devices):"
                            + " install the NVIDIA Container Toolkit, then 'sudo nvidia-ctk runtime configure"
                            + " --runtime=docker && sudo systemctl restart docker' (or list the GPUs as CDI devices:"
                            + " 'sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml'); nothing was pulled or created",
                    null);
        }

        // reuse only a running container with this plan's settings: its recipe label is the hash of the image,
        // arguments, environment, ports and mounts this deploy would give it (a second deploy with another --context,
        // --port or --listen kept the old container and its settings)
        String wanted = spec.labels().get(Deployments.RECIPE_LABEL);
        Optional<ContainerSummary> running = Optional.empty();
        List<ContainerSummary> earlier = new ArrayList<>();
        for (ContainerSummary c : docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(d.name()))) {
            if (running.isEmpty()
                    && "running".equals(c.state())
                    && c.name().equals(spec.name())
                    && c.image().equals(spec.image())
                    && Objects.equals(c.labels().get(Deployments.RECIPE_LABEL), wanted)) {
                running = Optional.of(c);
            } else {
                earlier.add(c);
            }
        }

        String id;
        long started = System.nanoTime();
        if (running.isPresent()) {
            removeEarlier(earlier, d, spec);
            id = running.get().id();
            listener.step("Container " + spec.name() + " is running already with this plan's settings: reusing it");
        } else {
            checkDisk(d, info);
            if (docker.hasImage(spec.image())) {
                listener.step("Image " + spec.image() + " is present");
            } else {
                listener.step("Pulling " + spec.image()
                        + d.registryLogin()
                                .map(l -> " (logged in to " + l.registry() + " as " + l.username() + ")")
                                .orElse(""));
                pullImage(spec.image(), d.registryLogin());
            }
            // only now, with the new image present, is the earlier deployment's container touched (its volumes, the
            // model data, stay): a redeploy whose image cannot be pulled leaves the working deployment running
            removeEarlier(earlier, d, spec);
            List<String> existing = docker.volumes(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(d.name()));
            for (String v : d.volumes()) {
                if (!existing.contains(v)) {
                    beginCreate();
                    try {
                        docker.ensureVolume(v, Map.of(ContainerEngine.DEPLOYMENT_LABEL, d.name()));
                        synchronized (this) {
                            createdVolumes.add(v);
                        }
                    } finally {
                        endCreate();
                    }
                }
            }
            Map<String, String> labels = new HashMap<>(spec.labels());
            labels.put(ContainerEngine.DEPLOYMENT_LABEL, d.name());
            labels.put(ContainerEngine.RUN_LABEL, runId);
            ContainerSpec labelled = new ContainerSpec(
                    spec.name(),
                    spec.image(),
                    spec.entrypoint(),
                    spec.command(),
                    spec.env(),
                    spec.ports(),
                    spec.mounts(),
                    spec.devices(),
                    spec.gpus(),
                    spec.ipc(),
                    spec.shmBytes(),
                    labels);
            synchronized (this) {
                if (aborted) {
                    throw new DeployException(DeployException.Kind.FAILED, "interrupted", null);
                }
            }
            listener.step("Starting " + spec.name());
            started = System.nanoTime();
            boolean late;
            beginCreate();
            try {
                id = docker.createAndStart(labelled);
                synchronized (this) {
                    createdContainers.add(id);
                    late = aborted;
                }
            } finally {
                endCreate();
            }
            if (late) {
                removeCreated();
                throw new DeployException(DeployException.Kind.FAILED, "interrupted", null);
            }
        }

        awaitReady(d, id);
        Duration ready = Duration.ofNanos(System.nanoTime() - started);
        listener.step(String.format(
                "%s answers at %s%s after %.1f s",
                d.engine().id(), d.endpoint(), d.readinessPath(), ready.toMillis() / 1000.0));

        long readyAt = System.nanoTime();
        ChatEngine chat;
        String model;
        if (d.engine() == Engine.OLLAMA) {
            OllamaApi ollama = new OllamaApi(d.endpoint());
            model = d.model()
                    .orElseThrow(() ->
                            new DeployException(DeployException.Kind.FAILED, "no Ollama model tag to pull", null));
            listener.step("Pulling model " + model + " into Ollama");
            try {
                ollama.pull(model, MODEL_PULL_TIMEOUT, listener::modelProgress);
            } catch (EngineApiException e) {
                // a container that died mid-pull (out of memory, killed) is that, with its log, not a refused pull
                throw engineFailure(d, id, "the model pull", DeployException.Kind.PULL_FAILED, e);
            }
            readyAt = System.nanoTime();
            chat = ollama;
        } else {
            OpenAiApi openAi = new OpenAiApi(d.endpoint(), d.apiKey().orElse(null));
            model = d.model().orElseGet(() -> only(openAi.models(Duration.ofSeconds(30))));
            chat = openAi;
        }
        listener.step("Smoke test: a reasoning prompt with a checkable answer to " + model);
        Duration overhead = Duration.ofNanos(System.nanoTime() - readyAt);
        SmokeReport report;
        try {
            report = SmokeTest.run(chat, model, SMOKE_TIMEOUT);
        } catch (EngineApiException e) {
            // Ollama loads the model on the first chat: a container killed for memory then dies here
            throw engineFailure(d, id, "the smoke test", DeployException.Kind.ENGINE_UNREACHABLE, e);
        }
        List<OllamaApi.LoadedModel> loaded = List.of();
        if (chat instanceof OllamaApi ollama) {
            loaded = loadedModels(ollama);
        }
        return new DeployResult(
                d.name(), id, d.endpoint(), model, running.isPresent(), ready, overhead, report, loaded, engineLog(id));
    }

    /**
     * The engine's own log once the model is loaded (vLLM's KV pool lines, Ollama's and llama.cpp's buffer lines);
     * empty, with a step saying so, when the engine does not give it.
     */
    private List<String> engineLog(String containerId) {
        try {
            return docker.logTail(containerId, ENGINE_LOG_LINES);
        } catch (ContainerEngineException e) {
            listener.step("The engine's log could not be read, so it is not compared with the plan: "
                    + redact(e.getMessage()));
            return List.of();
        }
    }

    /** What Ollama's {@code /api/ps} says is loaded after the smoke test; nothing when it does not answer. */
    private List<OllamaApi.LoadedModel> loadedModels(OllamaApi ollama) {
        try {
            return ollama.ps(PS_TIMEOUT);
        } catch (EngineApiException e) {
            listener.step("Ollama's /api/ps did not answer, so its memory is not measured: " + redact(e.getMessage()));
            return List.of();
        }
    }

    private static String only(List<String> models) {
        if (models.size() != 1) {
            throw new DeployException(
                    DeployException.Kind.FAILED, "the engine lists " + models + " instead of one model", null);
        }
        return models.get(0);
    }

    /**
     * Refuses, before anything is pulled or created, a deployment whose planned weights do not fit the free space of the
     * file system they are downloaded to: Docker's data root for a named volume (Ollama), the host directory for a bind
     * mount (the Hugging Face and NIM caches). The image's own size is not known before its pull and is not counted.
     */
    private void checkDisk(Deployment d, ContainerEngine.EngineInfo info) {
        List<ContainerEngine.Mount> mounts = d.container().mounts();
        if (d.modelBytes() == 0 || mounts.isEmpty()) {
            return;
        }
        if (!diskCheck) {
            listener.step("Disk space not checked (--skip-disk-check)");
            return;
        }
        ContainerEngine.Mount store = mounts.get(0);
        if (!info.local()) {
            listener.step("Disk space not checked: the Docker engine is not on this machine, so where " + store.source()
                    + " lives is not visible here");
            return;
        }
        Path path;
        String where;
        if (store.isVolume()) {
            if (docker.volumes(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(d.name()))
                    .contains(store.source())) {
                listener.step("Disk space: volume " + store.source()
                        + " exists already, so what an earlier deploy downloaded there is not counted again");
                return;
            }
            Optional<Path> root = info.rootDir().map(Path::of).filter(Files::isDirectory);
            if (root.isEmpty()) {
                listener.step("Disk space not checked: Docker's data root ("
                        + info.rootDir().orElse("not reported") + ") is not visible on this machine");
                return;
            }
            path = root.get();
            where = "volume " + store.source() + " under Docker's data root " + path;
        } else {
            path = Path.of(store.source());
            where = store.source();
        }
        Optional<DiskSpace.Free> free = freeSpace.apply(path);
        if (free.isEmpty()) {
            listener.step("Disk space not checked: the free space of " + path + " cannot be read");
            return;
        }
        String what = "the model's weights (" + d.engine().id() + ", as planned)";
        Optional<String> shortfall = DiskSpace.shortfall(d.modelBytes(), free.get(), what, where);
        if (shortfall.isPresent()) {
            throw new DeployException(
                    DeployException.Kind.DISK_TOO_SMALL,
                    shortfall.get() + " (the image's own size comes on top). Free space there"
                            + (store.isVolume()
                                    ? ", move Docker's data root ('data-root' in /etc/docker/daemon.json)"
                                    : "")
                            + " or plan a smaller --quant; if the weights are there already, --skip-disk-check"
                            + " deploys anyway. Nothing was pulled or created.",
                    null);
        }
        listener.step("Disk space: about " + DataSize.ofBytes(d.modelBytes()) + " for the model's weights in " + where
                + ", " + DataSize.ofBytes(free.get().bytes()) + " free");
    }

    private void pullImage(String image, Optional<ContainerEngine.RegistryLogin> login) {
        Map<String, long[]> layers = new LinkedHashMap<>();
        docker.pull(image, login, p -> {
            if (!p.layer().isEmpty() && p.total() > 0) {
                layers.put(p.layer(), new long[] {p.current(), p.total()});
            }
            long current = 0;
            long total = 0;
            for (long[] l : layers.values()) {
                current += l[0];
                total += l[1];
            }
            listener.imageProgress(image, current, total, p);
        });
    }

    /** The container stopped during {@code when}: exit 14 with its last log lines, read before it is removed. */
    private DeployException exited(Deployment d, String id, ContainerState state, String when, Throwable cause) {
        List<String> lines =
                docker.logTail(id, FAILURE_LOG_LINES).stream().map(this::redact).toList();
        String advice = StartupAdvice.advise(lines)
                .or(() -> state.oomKilled()
                        ? Optional.of("the container ran out of host memory (OOM killed): plan with a smaller"
                                + " --context or --quant")
                        : Optional.empty())
                .map(a -> "\nWhat to do: " + a)
                .orElse("");
        return new DeployException(
                DeployException.Kind.EXITED_AT_START,
                d.container().name() + " exited during " + when + " (exit code " + state.exitCode()
                        + "); its last log lines:\n  " + String.join("\n  ", lines) + advice,
                cause);
    }

    /** {@code e} as the engine's failure, unless the engine's container stopped meanwhile: then that, with its log. */
    private DeployException engineFailure(
            Deployment d, String id, String when, DeployException.Kind kind, EngineApiException e) {
        // a connection that broke off is often the engine's process dying, which Docker reports a moment later
        long deadline =
                System.nanoTime() + (e.kind() == EngineApiException.Kind.UNREACHABLE ? EXIT_NOTICE.toNanos() : 0);
        ContainerState state;
        try {
            state = docker.state(id);
            while (state.running() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                state = docker.state(id);
            }
        } catch (ContainerEngineException gone) {
            return new DeployException(kind, redact(e.getMessage()), e);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new DeployException(kind, redact(e.getMessage()), e);
        }
        return state.running() ? new DeployException(kind, redact(e.getMessage()), e) : exited(d, id, state, when, e);
    }

    private void awaitReady(Deployment d, String id) {
        HttpReadiness readiness = new HttpReadiness(d.endpoint().resolve(d.readinessPath()));
        Duration timeout = readinessTimeout.apply(d);
        long start = System.nanoTime();
        String lastSeen = "nothing yet";
        String lastLine = "";
        listener.step("Waiting for " + readiness.url() + " (up to " + describe(timeout) + ")");
        while (true) {
            String probe = readiness.probe();
            if (probe.isEmpty()) {
                return;
            }
            lastSeen = probe;
            ContainerState state = docker.state(id);
            if (!state.running()) {
                throw exited(d, id, state, "start-up", null);
            }
            List<String> tail = docker.logTail(id, 1);
            if (!tail.isEmpty()) {
                lastLine = redact(tail.get(tail.size() - 1));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            listener.waiting(elapsed, lastLine);
            if (elapsed.compareTo(timeout) >= 0) {
                throw new DeployException(
                        DeployException.Kind.READINESS_TIMEOUT,
                        "GET " + readiness.url() + " did not answer 200 within " + describe(timeout) + "; last seen: "
                                + lastSeen + (lastLine.isEmpty() ? "" : "; the engine's last log line: " + lastLine)
                                + ". 'thinkrig logs " + d.name() + "' shows more once you deploy again.",
                        null);
            }
            sleep();
        }
    }

    private void sleep() {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException(DeployException.Kind.FAILED, "interrupted while waiting for the engine", e);
        }
    }

    private static String describe(Duration d) {
        return d.toSeconds() < 120 ? d.toSeconds() + " s" : d.toMinutes() + " min";
    }

    /** Removes the containers and volumes this run created, once; returns their names or ids. */
    private List<String> removeCreated() {
        List<String> containers;
        List<String> volumes;
        synchronized (this) {
            containers = new ArrayList<>(createdContainers);
            volumes = new ArrayList<>(createdVolumes);
            createdContainers.clear();
            createdVolumes.clear();
        }
        List<String> removed = new ArrayList<>();
        for (String c : containers) {
            try {
                docker.remove(c);
                removed.add(c);
            } catch (RuntimeException e) {
                listener.step("Could not remove container " + c + ": " + e.getMessage());
            }
        }
        for (String v : volumes) {
            try {
                docker.removeVolume(v);
                removed.add(v);
            } catch (RuntimeException e) {
                listener.step("Could not remove volume " + v + ": " + e.getMessage());
            }
        }
        if (!removed.isEmpty()) {
            listener.step("Removed what this run created: " + String.join(", ", removed));
        }
        return removed;
    }

    private static List<String> secretValues(Deployment d) {
        List<String> values = new ArrayList<>();
        for (String name : d.secrets()) {
            String v = d.container().env().get(name);
            if (v != null && v.length() >= Redaction.MIN_SECRET_LENGTH) {
                values.add(v);
            }
        }
        d.apiKey().filter(k -> k.length() >= Redaction.MIN_SECRET_LENGTH).ifPresent(values::add);
        d.registryLogin()
                .map(l -> l.password())
                .filter(k -> k.length() >= Redaction.MIN_SECRET_LENGTH)
                .ifPresent(values::add);
        return values;
    }

    /** A log line or message with every secret value this deployment passed replaced. */
    String redact(String text) {
        String out = text;
        for (String s : secretValues) {
            out = out.replace(s, "***");
        }
        return out;
    }

    private DeployException translate(ContainerEngineException e) {
        DeployException.Kind kind = switch (e.kind()) {
            case UNREACHABLE -> DeployException.Kind.ENGINE_UNREACHABLE;
            case PERMISSION_DENIED -> DeployException.Kind.PERMISSION_DENIED;
            case IMAGE_PULL_FAILED -> DeployException.Kind.PULL_FAILED;
            case REGISTRY_AUTH_FAILED -> DeployException.Kind.REGISTRY_AUTH_FAILED;
            case PORT_TAKEN -> DeployException.Kind.PORT_TAKEN;
            case NOT_FOUND -> DeployException.Kind.EXITED_AT_START;
            case FAILED -> DeployException.Kind.FAILED;
        };
        return new DeployException(kind, redact(String.valueOf(e.getMessage())), e);
    }
}
