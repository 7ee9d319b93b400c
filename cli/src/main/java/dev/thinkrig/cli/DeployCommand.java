package dev.thinkrig.cli;

import dev.thinkrig.cli.checklog.DeployedLog;
import dev.thinkrig.cli.render.MemoryTable;
import dev.thinkrig.cli.render.ProgressBar;
import dev.thinkrig.deploy.api.OllamaApi;
import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.flow.DeployListener;
import dev.thinkrig.deploy.flow.DeployResult;
import dev.thinkrig.deploy.flow.Deployer;
import dev.thinkrig.deploy.flow.Deployment;
import dev.thinkrig.deploy.flow.Deployments;
import dev.thinkrig.deploy.flow.LogProgress;
import dev.thinkrig.deploy.natively.NativeDeployer;
import dev.thinkrig.deploy.natively.NativeDeployment;
import dev.thinkrig.deploy.natively.NativeProcess;
import dev.thinkrig.deploy.natively.OllamaExecutable;
import dev.thinkrig.profiles.detect.ProcessCommandRunner;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.templates.Escapes;
import dev.thinkrig.templates.Templates;
import dev.thinkrig.templates.output.GeneratedFile;
import dev.thinkrig.templates.recipe.CatalogFacts;
import dev.thinkrig.templates.recipe.LocalWeights;
import dev.thinkrig.templates.recipe.Recipe;
import dev.thinkrig.templates.recipe.RecipeOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code thinkrig deploy MODEL}: plan, start the engine container, wait for it, pull the model, smoke-test it. */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = {
            "Plan MODEL, then run the chosen configuration on this machine's Docker engine.",
            "Pulls the image, starts the engine with thinkrig's labels, waits until it answers, pulls the model"
                    + " (Ollama) and runs the smoke test. Takes plan's options. A failure or Ctrl-C removes what this run"
                    + " created.",
            "A plan for a Mac runs the native Ollama instead (Docker there cannot reach the GPU): 'ollama serve' in the",
            "background with the planned settings, unless a server answers on its port already."
        })
public final class DeployCommand implements Callable<Integer> {

    /** Progress lines when not on a terminal: at most one per this interval per phase. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private final Environment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "MODEL",
            description = "Catalog id (qwq-32b), Ollama tag (deepseek-r1:32b), Hugging Face repo id or a Hugging Face "
                    + "checkpoint directory (config.json + safetensors), as plan takes it; a .gguf file: use compose")
    String model;

    @Mixin
    HardwareMixin hardwareOption;

    @Mixin
    PlanOptions options;

    @Option(
            names = "--dry-run",
            description = "Print every step, the container's settings included, without touching Docker")
    boolean dryRun;

    @Option(
            names = "--listen",
            paramLabel = "ADDR",
            description = "Publish the engine's port on this IP address instead of 127.0.0.1 (as compose --listen)")
    String listen;

    @Option(
            names = "--nvidia-driver",
            paramLabel = "VERSION",
            description = "This machine's NVIDIA driver (as compose --nvidia-driver)")
    String nvidiaDriver;

    @Option(
            names = "--image",
            paramLabel = "IMAGE",
            description = "Run this image instead of the pinned one (a mirror or a local build of the same engine)")
    String image;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Name the deployment (default: thinkrig- and the model id): two deployments of one model"
                    + " with their own settings, each seen and stopped by its name")
    String deploymentName;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Publish the engine on this host port instead of its own")
    Integer port;

    @Option(
            names = "--skip-disk-check",
            description = "Deploy even when the planned weights look larger than the free disk space (they are"
                    + " downloaded already)")
    boolean skipDiskCheck;

    @Option(
            names = "--readiness-timeout",
            paramLabel = "SECONDS",
            description = "Wait this long for the engine to answer instead of its own limit (Ollama 5 min, vLLM and"
                    + " NIM 60 min)")
    Integer readinessTimeoutSeconds;

    @Option(names = "--no-progress", description = "Plain progress lines even on a terminal (no bar redrawn in place)")
    boolean noProgress;

    public DeployCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    @SuppressWarnings("try") // the deployment's lock is held for the block, not used in it
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<String> listenAddress = PlanPrelude.listen(spec.commandLine(), listen);
        Optional<String> driver = PlanPrelude.nvidiaDriver(spec.commandLine(), nvidiaDriver);
        if (readinessTimeoutSeconds != null && readinessTimeoutSeconds < 1) {
            throw new IllegalArgumentException(
                    "--readiness-timeout must be at least 1 second, was " + readinessTimeoutSeconds);
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("--port must be between 1 and 65535, was " + port);
        }

        Optional<PlanPrelude.Planned> planned = PlanPrelude.plan(
                environment, model, hardwareOption, options, spec.commandLine().getErr(), "Nothing was deployed");
        if (planned.isEmpty()) {
            return ExitCode.DOES_NOT_FIT.code;
        }
        Plan plan = planned.get().plan();
        CatalogFacts facts = planned.get().facts();
        Hardware hardware = planned.get().hardware();
        Configuration chosen = planned.get().chosen();
        if (chosen.nodes() > 1) {
            // one container with --distributed-executor-backend=ray and no Ray head could never start
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "this plan spans " + chosen.nodes() + " machines (vLLM over Ray, pipeline parallel "
                            + chosen.pipelineParallel() + "), which deploy cannot start from one of them: '"
                            + composeInvocation() + "' writes each node's files and a README.md that says how to"
                            + " start them. Nothing was deployed");
        }
        if (facts.localWeights().flatMap(LocalWeights::ggufFile).isPresent()) {
            // deploy pulls the model through Ollama's API; importing a file needs the Modelfile compose writes
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    model + " is a GGUF file on this machine, which deploy cannot import into Ollama yet: '"
                            + composeInvocation() + "' writes the compose file, a Modelfile and the 'ollama create'"
                            + " step that imports it. Nothing was deployed");
        }
        Recipe recipe = planned.get()
                .recipe(new RecipeOptions(
                        "thinkrig deploy " + facts.modelId(),
                        listenAddress,
                        false,
                        driver,
                        Optional.ofNullable(deploymentName)));
        String name = recipe.name();
        String headline = facts.modelName() + " on " + hardware.name() + ": "
                + chosen.engine().id() + " "
                + chosen.quantization().name() + ", context "
                + String.format(Locale.ROOT, "%,d", chosen.contextTokens())
                + " -> deployment " + name;
        if (recipe.launch().isPresent()) {
            if (dryRun) {
                return deployNatively(out, headline, plan, chosen, recipe, name);
            }
            try (DeploymentStates.Lock lock = environment.deploymentStates().lock(name)) {
                return deployNatively(out, headline, plan, chosen, recipe, name);
            }
        }
        Deployment deployment = Deployments.from(
                        recipe, name, environment.envWithHome(), Optional.ofNullable(image), Optional.ofNullable(port))
                // local weights are not downloaded: no disk space to check for them
                .withModelBytes(
                        facts.localWeights().isPresent()
                                ? 0
                                : plan.chosen().orElseThrow().memory().weights().bytes());
        DeploymentStates states = environment.deploymentStates();
        List<GeneratedFile> stateFiles = DeploymentStates.render(
                Templates.create(Optional.of(environment.configDirectory().resolve("templates"))),
                recipe,
                plan,
                deployment);

        out.println(headline);
        if (dryRun) {
            printDryRun(out, Deployer.steps(deployment), stateFiles, states.directory(name));
            return ExitCode.OK.code;
        }
        out.flush();
        try (DeploymentStates.Lock lock = states.lock(name);
                ContainerEngine docker = environment.docker()) {
            DeployListener listener = listener(out);
            Deployer deployer = new Deployer(
                    docker,
                    listener,
                    Optional.ofNullable(readinessTimeoutSeconds).map(Duration::ofSeconds),
                    !skipDiskCheck);
            Thread hook = new Thread(
                    () -> {
                        if (listener instanceof ProgressDisplay bar) {
                            bar.finish(); // the message goes below the progress line, not over it
                        }
                        List<String> removed = deployer.abort();
                        states.forgetIfGone(docker, name);
                        if (!removed.isEmpty()) {
                            out.println("Interrupted: removed " + String.join(", ", removed));
                            out.flush();
                        }
                    },
                    "thinkrig-deploy-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
            DeployResult result;
            try {
                result = deployer.deploy(deployment);
            } catch (RuntimeException e) {
                states.forgetIfGone(docker, name);
                throw e;
            } finally {
                if (listener instanceof ProgressDisplay bar) {
                    bar.finish();
                }
                releaseOrAwait(hook);
            }
            out.println();
            SmokeTestCommand.render(
                    out,
                    new dev.thinkrig.cli.render.Style(environment.colour()),
                    result.smoke(),
                    result.endpoint().toString(),
                    chosen.engine().id() + " API");
            out.println();
            if (!result.smoke().passed()) {
                states.forgetIfGone(docker, name);
                out.println("The smoke test failed: what this run created was removed.");
                out.flush();
                return ExitCode.SMOKE_TEST_FAILED.code;
            }
            printReady(
                    out,
                    result,
                    plan,
                    chosen,
                    result.reused() ? " (reused the running container)" : "",
                    states.write(name, stateFiles),
                    name);
            return ExitCode.OK.code;
        }
    }

    /**
     * The native path (a Mac): no container, {@code ollama serve} with the planned settings in the background, its PID
     * and log in the deployment's directory.
     */
    private int deployNatively(
            PrintWriter out, String headline, Plan plan, Configuration chosen, Recipe recipe, String name) {
        if (image != null) {
            throw new IllegalArgumentException(
                    "--image does not apply: this plan runs the native Ollama, not a container");
        }
        NativeDeployment deployment = NativeDeployment.from(recipe, name, Optional.ofNullable(port));
        DeploymentStates states = environment.deploymentStates();
        List<GeneratedFile> files = DeploymentStates.render(
                Templates.create(Optional.of(environment.configDirectory().resolve("templates"))), recipe, plan);
        Path dir = states.directory(name);
        Path log = dir.resolve(DeploymentStates.NATIVE_LOG);
        out.println(headline + " (the native Ollama: Docker on macOS cannot reach the Apple GPU)");
        if (dryRun) {
            List<GeneratedFile> all = new ArrayList<>(files);
            all.add(new GeneratedFile(DeploymentStates.STATE_FILE, "", GeneratedFile.READABLE));
            printDryRun(out, NativeDeployer.steps(deployment, log), all, dir);
            return ExitCode.OK.code;
        }
        Path executable = OllamaExecutable.require(environment.env());
        out.println("Ollama: " + executable);
        out.flush();
        Optional<DeploymentStates.State> previous = states.read(name);
        Optional<DeploymentStates.State> otherServer = previous.filter(p -> p.isNative()
                && p.pid() != null
                && !p.endpoint().equals(deployment.endpoint().toString())
                && NativeProcess.find(p.pid(), parseInstant(p.started())).isPresent());
        if (otherServer.isPresent()) {
            // a second server would overwrite the record of the first, which down could then no longer stop
            throw new IllegalArgumentException("deployment " + name + " runs ollama serve (pid "
                    + otherServer.get().pid() + ") at " + otherServer.get().endpoint()
                    + " already: 'thinkrig down " + name + "' first, then deploy with the new settings");
        }
        DeployListener listener = listener(out);
        NativeDeployer deployer = new NativeDeployer(
                listener, Optional.ofNullable(readinessTimeoutSeconds).map(Duration::ofSeconds));
        Thread hook = new Thread(
                () -> {
                    if (listener instanceof ProgressDisplay bar) {
                        bar.finish();
                    }
                    List<String> stopped = deployer.abort();
                    if (!deployer.succeeded()) {
                        // also when Ctrl-C reached the server first (same process group) and nothing was left to stop
                        keepLog(out, states, name, previous.isPresent());
                    }
                    if (!stopped.isEmpty()) {
                        out.println("Interrupted: stopped " + String.join(", ", stopped));
                        out.flush();
                    }
                },
                "thinkrig-deploy-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        NativeDeployer.Result result;
        try {
            result = deployer.deploy(deployment, executable, log, environment.env());
        } catch (RuntimeException e) {
            keepLog(out, states, name, previous.isPresent());
            throw e;
        } finally {
            if (listener instanceof ProgressDisplay bar) {
                bar.finish();
            }
            releaseOrAwait(hook);
        }
        DeployResult deployed = result.deploy();
        out.println();
        SmokeTestCommand.render(
                out,
                new dev.thinkrig.cli.render.Style(environment.colour()),
                deployed.smoke(),
                deployed.endpoint().toString(),
                "ollama API");
        out.println();
        if (!deployed.smoke().passed()) {
            keepLog(out, states, name, previous.isPresent());
            out.println("The smoke test failed: "
                    + (result.started().isPresent()
                            ? "the server this run started was stopped."
                            : "the server that was running already is left as it was."));
            out.flush();
            return ExitCode.SMOKE_TEST_FAILED.code;
        }
        DeploymentStates.State state = result.started().isPresent()
                ? DeploymentStates.State.of(deployment, executable, result.started(), Optional.of(log))
                : previous.filter(p -> p.isNative()
                                && p.pid() != null
                                && p.endpoint().equals(deployment.endpoint().toString()))
                        // the server answering is the one an earlier deploy started: keep it known for down
                        .filter(p -> NativeProcess.find(p.pid(), parseInstant(p.started()))
                                .isPresent())
                        .orElseGet(() ->
                                DeploymentStates.State.of(deployment, executable, Optional.empty(), Optional.empty()));
        Path written;
        try {
            written = states.write(name, DeploymentStates.with(files, state));
        } catch (RuntimeException e) {
            // without its record down could not find the server: stop the one this run started
            result.started()
                    .flatMap(s -> NativeProcess.find(s.pid(), s.startedAt()))
                    .ifPresent(NativeProcess::stop);
            throw e;
        }
        printReady(
                out,
                deployed,
                plan,
                chosen,
                result.started().isPresent()
                        ? " (ollama serve, pid " + result.started().get().pid() + ")"
                        : " (a server that was running already; its settings may differ from the plan)",
                written,
                name);
        return ExitCode.OK.code;
    }

    /** Options only deploy has: left out of the compose command a multi-node plan is referred to. */
    private static final List<String> DEPLOY_ONLY_FLAGS = List.of("--dry-run", "--skip-disk-check", "--no-progress");

    private static final List<String> DEPLOY_ONLY_OPTIONS = List.of("--image", "--port", "--readiness-timeout");

    /** {@code thinkrig compose} with this run's model and plan options, and {@code --out DIR}. */
    private String composeInvocation() {
        List<String> args = new ArrayList<>(List.of("thinkrig", "compose"));
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        for (int i = original.indexOf(spec.name()) + 1; i < original.size(); i++) {
            String a = original.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (DEPLOY_ONLY_OPTIONS.contains(a)) {
                i++;
            } else if (!DEPLOY_ONLY_FLAGS.contains(name) && !DEPLOY_ONLY_OPTIONS.contains(name)) {
                args.add(a.matches("[A-Za-z0-9_./:=,+@-]+") ? a : Escapes.shellWord(a));
            }
        }
        args.addAll(List.of("--out", "DIR"));
        return String.join(" ", args);
    }

    static Optional<java.time.Instant> parseInstant(String text) {
        try {
            return Optional.ofNullable(text).map(java.time.Instant::parse);
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * After a failed native deploy: a directory this run created only for the server's log is removed, the log moved
     * to a temporary file first so it can still be read.
     */
    private static void keepLog(PrintWriter out, DeploymentStates states, String name, boolean hadState) {
        if (hadState) {
            return; // an earlier deployment's directory: its files stay, the log with them
        }
        try {
            Path log = states.directory(name).resolve(DeploymentStates.NATIVE_LOG);
            if (Files.isRegularFile(log)) {
                Path kept = Files.createTempFile("thinkrig-" + name + "-", ".log");
                Files.move(log, kept, StandardCopyOption.REPLACE_EXISTING);
                out.println("The server's log: " + kept);
            }
            states.remove(name);
        } catch (IOException | RuntimeException e) {
            // the deploy's own error is what matters
        }
        out.flush();
    }

    private DeployListener listener(PrintWriter out) {
        return !noProgress && environment.progressBars()
                ? new ProgressDisplay(out, ProgressDisplay.width(environment.env()), System::nanoTime)
                : new Lines(out);
    }

    private static void printDryRun(PrintWriter out, List<String> steps, List<GeneratedFile> files, Path dir) {
        out.println("Dry run: nothing is pulled, created or started. The steps:");
        int n = 0;
        for (String step : steps) {
            out.println(
                    step.startsWith("  ") ? "     " + step.strip() : String.format(Locale.ROOT, "%3d. %s", ++n, step));
        }
        out.println("Its files ("
                + String.join(", ", files.stream().map(GeneratedFile::name).toList()) + ") go to " + dir
                + " once it runs");
        out.flush();
    }

    /** The block a successful deploy ends with: timings, memory planned and measured, endpoint, files, commands. */
    private void printReady(
            PrintWriter out,
            DeployResult result,
            Plan plan,
            Configuration chosen,
            String reused,
            Path files,
            String name) {
        GpuMemoryUsed gpus = GpuMemoryUsed.read(new ProcessCommandRunner());
        out.printf(
                Locale.ROOT,
                "Engine ready after %.1f s%s; thinkrig's overhead before the first request: %.2f ms%n",
                result.engineReady().toMillis() / 1000.0,
                reused,
                result.overhead().toNanos() / 1e6);
        out.println("Memory, planned and measured:");
        MemoryTable.render(MemoryTable.rows(
                        plan.chosen().orElseThrow().memory().perDevice(),
                        chosen.engine().id(),
                        chosen.engine() == Engine.OLLAMA,
                        result.loaded(),
                        gpus.used(),
                        gpus.unavailable()))
                .forEach(out::println);
        DeployedLog.report(
                out,
                result.engineLog(),
                plan,
                chosen,
                environment.models(),
                environment.calibrations(),
                java.time.Instant.now());
        out.println("Endpoint: " + result.endpoint() + "   model: " + result.model());
        out.println("Try it:   curl -s " + result.endpoint()
                + "/v1/chat/completions -H 'Content-Type: application/json'"
                + " -d '{\"model\": \"" + result.model() + "\", \"messages\": [{\"role\": \"user\", \"content\":"
                + " \"How many primes are below 100?\"}]}'");
        out.println("Files:    " + files);
        out.println("Status:   thinkrig status   Logs: thinkrig logs " + name + "   Stop: thinkrig down " + name);
        out.flush();
    }

    /** How long the main thread waits for a running Ctrl-C hook before it closes what the hook still uses. */
    static final Duration CLEANUP_WAIT = Duration.ofSeconds(60);

    /**
     * Removes the Ctrl-C hook; when the JVM is already shutting down the hook is running, so this waits for it: the
     * main thread would otherwise close the Docker client (try-with-resources) under the hook's removals ("Connection
     * pool shut down", seen in DeployIT under load), leaving the containers it was removing.
     */
    private static void releaseOrAwait(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            try {
                // the JVM marks itself shutting down just before it starts the hooks' threads
                long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                while (hook.getState() == Thread.State.NEW && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                hook.join(CLEANUP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Plain progress lines: one per step, pull progress at most every {@link #PROGRESS_EVERY}. */
    static final class Lines implements DeployListener {

        private final PrintWriter out;
        private long lastProgress;
        private long lastWait;

        Lines(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void step(String text) {
            out.println("==> " + text);
            out.flush();
        }

        @Override
        public void imageProgress(String image, long current, long total, ContainerEngine.PullProgress last) {
            if (due(true) || (total > 0 && current == total)) {
                out.printf(Locale.ROOT, "    %s: %s%n", image, amount(current, total));
                out.flush();
            }
        }

        @Override
        public void waiting(Duration elapsed, String lastLogLine) {
            long now = System.nanoTime();
            if (now - lastWait >= PROGRESS_EVERY.toNanos()) {
                lastWait = now;
                // a download or load bar in the log (vLLM, NIM) reads as progress; other lines go as they are
                String shown = LogProgress.parse(lastLogLine)
                        .map(LogProgress::describe)
                        .orElseGet(() -> shorten(LogProgress.lastRedraw(lastLogLine)));
                out.printf(
                        Locale.ROOT,
                        "    waiting %3d s%s%n",
                        elapsed.toSeconds(),
                        lastLogLine.isEmpty() ? "" : "  | " + shown);
                out.flush();
            }
        }

        @Override
        public void modelProgress(OllamaApi.PullProgress p) {
            if (p.total() > 0 ? due(true) || p.completed() == p.total() : true) {
                out.printf(
                        Locale.ROOT,
                        "    %s%s%n",
                        p.status(),
                        p.total() > 0 ? ": " + amount(p.completed(), p.total()) : "");
                out.flush();
            }
        }

        private boolean due(boolean update) {
            long now = System.nanoTime();
            if (now - lastProgress >= PROGRESS_EVERY.toNanos()) {
                if (update) {
                    lastProgress = now;
                }
                return true;
            }
            return false;
        }

        private static String amount(long current, long total) {
            return total <= 0
                    ? ProgressBar.size(current)
                    : String.format(
                            Locale.ROOT,
                            "%s of %s (%d%%)",
                            ProgressBar.size(current),
                            ProgressBar.size(total),
                            current * 100 / total);
        }

        private static String shorten(String line) {
            return line.length() > 100 ? line.substring(0, 100) + "..." : line;
        }
    }
}
