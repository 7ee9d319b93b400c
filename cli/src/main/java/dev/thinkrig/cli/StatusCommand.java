package dev.thinkrig.cli;

import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.docker.ContainerEngine.ContainerSummary;
import dev.thinkrig.deploy.docker.ContainerEngineException;
import dev.thinkrig.deploy.flow.HttpReadiness;
import dev.thinkrig.deploy.natively.NativeProcess;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code thinkrig status}: the deployments on this machine's Docker engine, found by thinkrig's label only, with their
 * health (container state and the engine's readiness endpoint) and where their files are.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "List thinkrig's deployments and whether each engine answers.",
            "Containers labelled " + ContainerEngine.DEPLOYMENT_LABEL + ": each container's state, whether the engine"
                    + " answers its readiness endpoint, and the deployment's files; native deployments (a Mac) with their"
                    + " ollama process."
        })
public final class StatusCommand implements Callable<Integer> {

    private final Environment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public StatusCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DeploymentStates states = environment.deploymentStates();
        List<String> natives = new ArrayList<>();
        for (String n : states.names()) {
            Optional<DeploymentStates.State> state = DownCommand.nativeState(states, n);
            if (state.isPresent()) {
                natives.add(n);
                printNative(out, states, state.get());
            }
        }
        try (ContainerEngine docker = environment.docker()) {
            Map<String, List<ContainerSummary>> byName = new TreeMap<>();
            List<ContainerSummary> all;
            try {
                all = docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.empty());
            } catch (ContainerEngineException e) {
                if (natives.isEmpty()) {
                    throw e;
                }
                // a Mac with native deployments may run no Docker at all
                out.println("Docker: " + e.getMessage() + " (container deployments not listed)");
                out.flush();
                return ExitCode.OK.code;
            }
            all.stream()
                    .sorted(Comparator.comparing(ContainerSummary::name))
                    .forEach(c -> byName.computeIfAbsent(
                                    c.labels().get(ContainerEngine.DEPLOYMENT_LABEL), k -> new ArrayList<>())
                            .add(c));
            // the volumes hold the downloaded model (many GB): a deployment of which only they are left is listed too
            Map<String, List<String>> volumesOf = new TreeMap<>();
            docker.volumeOwners(ContainerEngine.DEPLOYMENT_LABEL)
                    .forEach((volume, owner) -> volumesOf
                            .computeIfAbsent(owner, k -> new ArrayList<>())
                            .add(volume));
            List<String> orphans = new ArrayList<>();
            for (String n : states.names()) {
                if (!byName.containsKey(n) && !natives.contains(n)) {
                    orphans.add(n);
                }
            }
            List<String> volumeOnly = volumesOf.keySet().stream()
                    .filter(n -> !byName.containsKey(n) && !orphans.contains(n) && !natives.contains(n))
                    .toList();
            if (byName.isEmpty() && orphans.isEmpty() && natives.isEmpty() && volumeOnly.isEmpty()) {
                out.println("No thinkrig deployments on this Docker engine ('thinkrig deploy MODEL' starts one).");
            }
            for (Map.Entry<String, List<ContainerSummary>> e : byName.entrySet()) {
                String name = e.getKey();
                Optional<DeploymentStates.State> state = safeRead(states, name);
                out.println(name);
                for (ContainerSummary c : e.getValue()) {
                    out.println("  container  " + c.name() + "  " + c.state() + " (" + c.status() + ")  " + c.image());
                }
                boolean running = e.getValue().stream().anyMatch(c -> "running".equals(c.state()));
                out.println("  health     " + health(state, running));
                out.println("  files      "
                        + (state.isPresent()
                                ? states.directory(name).toString()
                                : "none (deployed by an older thinkrig, or its directory was removed)"));
                printVolumes(out, volumesOf.get(name), name);
            }
            for (String name : orphans) {
                out.println(name);
                out.println("  container  none: removed outside thinkrig ('thinkrig down " + name
                        + "' removes the files too)");
                out.println("  files      " + states.directory(name));
                printVolumes(out, volumesOf.get(name), name);
            }
            for (String name : volumeOnly) {
                out.println(name);
                out.println("  container  none: only its volumes are left ('thinkrig down " + name
                        + " --volumes' removes them, the downloaded model with them)");
                printVolumes(out, volumesOf.get(name), name);
            }
            out.flush();
            return ExitCode.OK.code;
        }
    }

    private static void printVolumes(PrintWriter out, List<String> volumes, String name) {
        if (volumes != null && !volumes.isEmpty()) {
            out.println("  volumes    " + String.join(", ", volumes) + " (the downloaded model; 'thinkrig down " + name
                    + " --volumes' removes them)");
        }
    }

    /** A native server: its process (alive, with the recorded start time), health, files and log. */
    private static void printNative(PrintWriter out, DeploymentStates states, DeploymentStates.State s) {
        boolean running;
        out.println(s.name());
        if (s.pid() == null) {
            running = true; // not thinkrig's process: the probe says whether it serves
            out.println("  process    not started by thinkrig: the server that answered at " + s.endpoint()
                    + " already (its own settings)");
        } else {
            running = NativeProcess.find(s.pid(), DeployCommand.parseInstant(s.started()))
                    .isPresent();
            out.println("  process    " + s.image() + " serve, pid " + s.pid() + "  "
                    + (running ? "running" : "not running ('thinkrig down " + s.name() + "' removes the files)")
                    + (s.started() == null ? "" : " (started " + s.started() + ")"));
        }
        out.println("  health     "
                + (running ? health(Optional.of(s), true) : "down: ollama serve (pid " + s.pid() + ") is gone"));
        out.println("  files      " + states.directory(s.name()));
        if (s.log() != null) {
            out.println("  log        " + s.log());
        }
    }

    private static Optional<DeploymentStates.State> safeRead(DeploymentStates states, String name) {
        try {
            return states.read(name);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a label value that is no deployment name thinkrig makes
        }
    }

    /** {@code ready}, or what the readiness probe saw instead; unknown without the state file. */
    static String health(Optional<DeploymentStates.State> state, boolean running) {
        if (!running) {
            return "down: no container running";
        }
        if (state.isEmpty()) {
            return "unknown: no deployment.json to say where the engine answers";
        }
        DeploymentStates.State s = state.get();
        URI url = URI.create(s.endpoint()).resolve(s.readinessPath());
        String probe = new HttpReadiness(url).probe();
        return (probe.isEmpty() ? "ready" : "not ready: " + probe) + " (GET " + url + ")"
                + (s.model().isEmpty() ? "" : ", model " + s.model());
    }
}
