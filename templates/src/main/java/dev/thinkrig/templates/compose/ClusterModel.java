package dev.thinkrig.templates.compose;

import dev.thinkrig.templates.compose.ComposeModel.EnvEntry;
import dev.thinkrig.templates.compose.ComposeModel.Readme;
import java.util.List;
import java.util.Objects;

/**
 * A vLLM deployment over Ray across machines, decided: one compose file and {@code .env} per node (the head first),
 * and the README that says which node runs which, in what order.
 */
public record ClusterModel(List<String> header, List<Node> nodes, Readme readme, List<String> warnings) {

    public ClusterModel {
        header = List.copyOf(header);
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(readme, "readme");
        warnings = List.copyOf(warnings);
        if (nodes.size() < 2) {
            throw new IllegalArgumentException("a cluster has a head and at least one worker");
        }
    }

    /** One machine's files, in the subdirectory {@code directory}. */
    public record Node(String directory, ComposeFile compose, List<EnvEntry> env) {

        public Node {
            Service.requireName(directory, "node directory");
            Objects.requireNonNull(compose, "compose");
            env = List.copyOf(env);
        }
    }
}
