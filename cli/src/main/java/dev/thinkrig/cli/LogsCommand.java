package dev.thinkrig.cli;

import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.docker.ContainerEngine.ContainerSummary;
import dev.thinkrig.deploy.flow.Redaction;
import dev.thinkrig.deploy.natively.NativeDeployer;
import dev.thinkrig.profiles.UnknownNameException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code thinkrig logs NAME [--follow]}: the last lines of a deployment's engine log, then what follows. */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = {
            "Print the last lines of a deployment's log.",
            "With --follow, keep printing new lines until Ctrl-C or until the container stops."
        })
public final class LogsCommand implements Callable<Integer> {

    private final Environment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The deployment's name, as 'thinkrig status' lists it")
    String name;

    @Option(
            names = "--tail",
            paramLabel = "N",
            defaultValue = "100",
            description = "How many lines (default: ${DEFAULT-VALUE})")
    int tail;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing the log as it grows, until Ctrl-C or the container stops")
    boolean follow;

    public LogsCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (tail < 0) {
            throw new IllegalArgumentException("--tail must be 0 or more, was " + tail);
        }
        Optional<DeploymentStates.State> state = DownCommand.nativeState(environment.deploymentStates(), name);
        if (state.isPresent()) {
            String log = state.get().log();
            if (log == null) {
                out.println("The Ollama server at " + state.get().endpoint() + " was running before thinkrig deployed"
                        + " to it, so its log is not thinkrig's to show (the Ollama app keeps it in ~/.ollama/logs).");
            } else {
                NativeDeployer.tail(Path.of(log), tail)
                        .forEach(line -> out.println(Redaction.redact(line, environment.env())));
                if (follow) {
                    out.println("(--follow: a native server's log is a file: tail -f " + log + ")");
                }
            }
            out.flush();
            return ExitCode.OK.code;
        }
        try (ContainerEngine docker = environment.docker()) {
            List<ContainerSummary> containers = DownCommand.deployment(docker, name);
            if (follow) {
                // one stream to follow: a deployment has one container (several only after a failed cleanup: then
                // the running one)
                ContainerSummary c = containers.stream()
                        .filter(s -> "running".equals(s.state()))
                        .findFirst()
                        .orElse(containers.get(0));
                if (containers.size() > 1) {
                    out.println("==> " + c.name());
                }
                out.flush();
                docker.followLog(c.id(), tail, line -> {
                    out.println(Redaction.redact(line, environment.env()));
                    out.flush();
                });
                out.flush();
                return ExitCode.OK.code;
            }
            for (ContainerSummary c : containers) {
                if (containers.size() > 1) {
                    out.println("==> " + c.name());
                }
                docker.logTail(c.id(), tail).forEach(line -> out.println(Redaction.redact(line, environment.env())));
            }
            out.flush();
            return ExitCode.OK.code;
        }
    }

    static UnknownNameException unknown(String name) {
        return new UnknownNameException(
                "deployment", name, List.of(), "on this Docker engine ('thinkrig status' lists them)");
    }
}
