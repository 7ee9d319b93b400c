package dev.thinkrig.templates.recipe;

import java.util.List;
import java.util.Objects;

/**
 * vLLM over Ray across machines, decided: one container per node (the head first, which runs the Ray head and
 * {@code vllm serve}), the variables each node's user fills in, and what its README explains. Built by
 * {@link Recipes#cluster}.
 *
 * @param name the deployment's name (each node's Compose project)
 * @param url where the head's API answers, as a client on the head writes it
 * @param model the model name clients send
 * @param image why the vLLM image is the one it is
 */
public record ClusterRecipe(
        String name,
        PlanSummary summary,
        List<Node> nodes,
        int rayPort,
        String url,
        String model,
        boolean listening,
        ImageChoice image,
        List<String> warnings) {

    public ClusterRecipe {
        Names.require("deployment name", name);
        Objects.requireNonNull(summary, "summary");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(image, "image");
        warnings = List.copyOf(warnings);
        if (nodes.size() < 2) {
            throw new IllegalArgumentException("a cluster has a head and at least one worker");
        }
    }

    /** One machine's container and settings, written into the subdirectory {@code directory}. */
    public record Node(String directory, ContainerRecipe container, List<UserSetting> settings) {

        public Node {
            Names.require("node directory", directory);
            Objects.requireNonNull(container, "container");
            settings = List.copyOf(settings);
        }
    }
}
