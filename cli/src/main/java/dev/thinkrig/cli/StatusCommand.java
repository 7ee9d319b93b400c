package dev.thinkrig.cli;

import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.docker.ContainerEngine.ContainerSummary;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code thinkrig status}: the deployments on this machine's Docker engine, found by thinkrig's label only. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "List thinkrig's deployments (containers labelled " + ContainerEngine.DEPLOYMENT_LABEL
                + ") and their state.")
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
        try (ContainerEngine docker = environment.docker()) {
            List<ContainerSummary> all = docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.empty()).stream()
                    .sorted(Comparator.comparing(
                                    (ContainerSummary c) -> c.labels().get(ContainerEngine.DEPLOYMENT_LABEL))
                            .thenComparing(ContainerSummary::name))
                    .toList();
            if (all.isEmpty()) {
                out.println("No thinkrig deployments on this Docker engine ('thinkrig deploy MODEL' starts one).");
            } else {
                String format = "%-40s %-48s %-8s %s%n";
                out.printf(format, "DEPLOYMENT", "CONTAINER", "STATE", "IMAGE / STATUS");
                for (ContainerSummary c : all) {
                    out.printf(
                            format,
                            c.labels().get(ContainerEngine.DEPLOYMENT_LABEL),
                            c.name(),
                            c.state(),
                            c.image() + "  (" + c.status() + ")");
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
