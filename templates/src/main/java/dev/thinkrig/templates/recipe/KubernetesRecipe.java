package dev.thinkrig.templates.recipe;

import dev.thinkrig.sizing.plan.Configuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * vLLM over Ray as a LeaderWorkerSet, built on {@link VllmRecipe}: one group whose leader runs the Ray head and
 * {@code vllm serve} and whose workers join its Ray cluster, and a Service for the leader's port. Built by
 * {@link Recipes#kubernetes}.
 *
 * @param name the LeaderWorkerSet's and the Service's name (a DNS label)
 * @param size pods per group: the leader and its workers, one per node
 * @param gpusPerPod {@code nvidia.com/gpu} limit of each pod
 * @param leaderCommand the leader container's command; {@code leaderArgs} follow it
 */
public record KubernetesRecipe(
        String name,
        PlanSummary summary,
        int size,
        String image,
        int gpusPerPod,
        List<String> leaderCommand,
        List<Arg> leaderArgs,
        List<String> workerCommand,
        List<EnvVar> env,
        ReadinessProbe readiness,
        String model,
        List<String> warnings) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public KubernetesRecipe {
        if (name == null || !DNS_LABEL.matcher(name).matches()) {
            throw new RecipeException(
                    RecipeException.Kind.INVALID_VALUE,
                    "name",
                    String.valueOf(name),
                    "not a DNS label: '" + name + "'");
        }
        Objects.requireNonNull(summary, "summary");
        if (size < 2 || gpusPerPod < 1) {
            throw new IllegalArgumentException("a group needs 2 or more pods with a GPU each");
        }
        Objects.requireNonNull(image, "image");
        leaderCommand = List.copyOf(leaderCommand);
        leaderArgs = List.copyOf(leaderArgs);
        workerCommand = List.copyOf(workerCommand);
        env = List.copyOf(env);
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(model, "model");
        warnings = List.copyOf(warnings);
    }

    /** The leader's port, which the Service targets. */
    public int port() {
        return readiness.port();
    }

    static KubernetesRecipe of(RecipeContext ctx) {
        RayClusterRecipe.multiNode(ctx);
        if (ctx.facts.localWeights().isPresent()) {
            throw new RecipeException(
                    RecipeException.Kind.UNSUPPORTED,
                    "model",
                    ctx.facts.localWeights().get().hostPath(),
                    "a checkpoint on this machine is not in the cluster: the pods download a Hugging Face repository"
                            + " (give its id), or use --target compose");
        }
        if (ctx.listening() || ctx.options.withUi()) {
            throw new RecipeException(
                    RecipeException.Kind.UNSUPPORTED,
                    ctx.listening() ? "listen" : "withUi",
                    ctx.options.listen().orElse("true"),
                    "listening on an address and Open WebUI apply to compose files, not to a Kubernetes target"
                            + " (the Service is reached inside the cluster)");
        }
        Configuration c = ctx.config;
        List<Arg> args = new ArrayList<>(VllmRecipe.serveArgs(ctx, VllmRecipe.repo(ctx)));
        args.add(Arg.of("--port=" + VllmRecipe.PORT, "the Service's target port"));
        String name = ctx.name().replace('_', '-');
        if (name.length() > 63) {
            name = name.substring(0, 63).replaceAll("-+$", "");
        }
        int gpus = RayClusterRecipe.gpusPerNode(c, ctx.hardware);
        return new KubernetesRecipe(
                name,
                ctx.summary,
                c.nodes(),
                VllmRecipe.image(ctx).image(),
                gpus,
                List.of("/bin/bash", "-c", RayClusterRecipe.headScript("", "LWS_GROUP_SIZE"), "vllm-leader"),
                args,
                List.of("ray", "start", "--block", "--address=$(LWS_LEADER_ADDRESS):" + RayClusterRecipe.RAY_PORT),
                List.of(EnvVar.plain("HF_HOME", "/root/.cache/huggingface", "where the weights are downloaded")),
                ReadinessProbe.ok(VllmRecipe.READINESS_PATH, VllmRecipe.PORT),
                ctx.facts.modelId(),
                List.of());
    }
}
