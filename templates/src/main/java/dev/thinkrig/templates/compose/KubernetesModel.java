package dev.thinkrig.templates.compose;

import dev.thinkrig.templates.compose.ComposeModel.Readme;
import dev.thinkrig.templates.compose.Service.Arg;
import dev.thinkrig.templates.compose.Service.EnvVar;
import java.util.List;
import java.util.Objects;

/**
 * A vLLM deployment over Ray as a LeaderWorkerSet (one group: the leader runs the Ray head and {@code vllm serve}, the
 * workers join its Ray cluster) and a Service for the leader's port, decided.
 *
 * @param name the LeaderWorkerSet's and the Service's name (a DNS label)
 * @param size pods per group: the leader and its workers, one per node
 * @param gpusPerPod {@code nvidia.com/gpu} limit of each pod
 * @param leaderCommand the leader container's command; {@code leaderArgs} follow it
 */
public record KubernetesModel(
        List<String> header,
        String name,
        int size,
        String image,
        int gpusPerPod,
        List<String> leaderCommand,
        List<Arg> leaderArgs,
        List<String> workerCommand,
        List<EnvVar> environment,
        int port,
        String healthPath,
        Readme readme,
        List<String> warnings) {

    public KubernetesModel {
        header = List.copyOf(header);
        if (name == null || !name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("not a DNS label: '" + name + "'");
        }
        if (size < 2 || gpusPerPod < 1) {
            throw new IllegalArgumentException("a group needs 2 or more pods with a GPU each");
        }
        Objects.requireNonNull(image, "image");
        leaderCommand = List.copyOf(leaderCommand);
        leaderArgs = List.copyOf(leaderArgs);
        workerCommand = List.copyOf(workerCommand);
        environment = List.copyOf(environment);
        Objects.requireNonNull(healthPath, "healthPath");
        Objects.requireNonNull(readme, "readme");
        warnings = List.copyOf(warnings);
    }
}
