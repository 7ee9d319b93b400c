package dev.thinkrig.cli;

import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.docker.ContainerEngine.ContainerSummary;
import dev.thinkrig.deploy.natively.NativeProcess;
import dev.thinkrig.profiles.UnknownNameException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code thinkrig down NAME}: removes a deployment's containers (and volumes), selected by thinkrig's label only. */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = "Stop and remove the containers of deployment NAME (selected by the label "
                + ContainerEngine.DEPLOYMENT_LABEL + "=NAME, nothing else) and its state directory; for a native"
                + " deployment (a Mac), stop the ollama process it started.")
public final class DownCommand implements Callable<Integer> {

    private final Environment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The deployment's name, as 'thinkrig status' lists it")
    String name;

    @Option(names = "--volumes", description = "Also remove its volumes (the downloaded model goes with them)")
    boolean volumes;

    public DownCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    @SuppressWarnings("try") // the deployment's lock is held for the block, not used in it
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DeploymentStates states = environment.deploymentStates();
        try (DeploymentStates.Lock lock = states.lock(name)) {
            return down(out, states);
        }
    }

    private int down(PrintWriter out, DeploymentStates states) {
        Optional<DeploymentStates.State> nativeState = nativeState(states, name);
        if (nativeState.isPresent()) {
            stopNative(out, nativeState.get());
            states.remove(name).ifPresent(dir -> out.println("Removed " + dir));
            out.flush();
            return ExitCode.OK.code;
        }
        try (ContainerEngine docker = environment.docker()) {
            List<String> vols = docker.volumes(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(name));
            List<ContainerSummary> containers = docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(name));
            boolean hasState = states.names().contains(name);
            if (containers.isEmpty() && (vols.isEmpty() || !volumes) && !hasState) {
                throw LogsCommand.unknown(name);
            }
            for (ContainerSummary c : containers) {
                docker.remove(c.id());
                out.println("Removed container " + c.name());
            }
            if (volumes) {
                for (String v : vols) {
                    docker.removeVolume(v);
                    out.println("Removed volume " + v);
                }
            } else if (!vols.isEmpty()) {
                out.println("Kept volume" + (vols.size() > 1 ? "s " : " ") + String.join(", ", vols)
                        + " (--volumes removes them)");
            }
            if (hasState) {
                states.remove(name).ifPresent(dir -> out.println("Removed " + dir));
            }
            out.flush();
            return ExitCode.OK.code;
        }
    }

    /** The state of deployment {@code name} when it is a native server; not a deployment name: none. */
    static Optional<DeploymentStates.State> nativeState(DeploymentStates states, String name) {
        try {
            return states.read(name).filter(DeploymentStates.State::isNative);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Stops the server a native deploy started: the PID only while its start time is still the recorded one, so a
     * program that got the same PID since is never touched; a server thinkrig did not start is left running.
     */
    private static void stopNative(PrintWriter out, DeploymentStates.State state) {
        if (state.pid() == null) {
            out.println("Left the Ollama server at " + state.endpoint() + " running: it was running before thinkrig"
                    + " deployed to it");
            return;
        }
        String what = "ollama serve (pid " + state.pid() + ")";
        Optional<java.time.Instant> started = DeployCommand.parseInstant(state.started());
        if (started.isEmpty()
                && ProcessHandle.of(state.pid()).filter(ProcessHandle::isAlive).isPresent()) {
            // no start time was recorded (the system did not tell one): the PID may belong to another program by now
            out.println("Left pid " + state.pid() + " alone: no start time was recorded to tell the " + what
                    + " thinkrig started from another program that has the PID now; if it is Ollama, stop it"
                    + " yourself (kill " + state.pid() + ")");
            return;
        }
        Optional<ProcessHandle> process = NativeProcess.find(state.pid(), started);
        if (process.isEmpty()) {
            out.println(what + " is not running any more");
        } else if (NativeProcess.stop(process.get())) {
            out.println("Stopped " + what);
        } else {
            throw new IllegalStateException("could not stop " + what + "; the state directory is kept");
        }
    }

    /** The containers labelled with deployment {@code name}; an unknown name is an error. */
    static List<ContainerSummary> deployment(ContainerEngine docker, String name) {
        List<ContainerSummary> found = docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(name));
        if (found.isEmpty()) {
            List<String> volumes = docker.volumes(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(name));
            if (!volumes.isEmpty()) {
                throw new UnknownNameException(
                        "container of deployment",
                        name,
                        List.of(),
                        "on this Docker engine: only its volumes are left (" + String.join(", ", volumes)
                                + "), which have no log; 'thinkrig down " + name + " --volumes' removes them");
            }
            throw LogsCommand.unknown(name);
        }
        return found;
    }
}
