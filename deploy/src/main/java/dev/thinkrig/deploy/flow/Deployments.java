package dev.thinkrig.deploy.flow;

import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.docker.ContainerEngine.ContainerSpec;
import dev.thinkrig.deploy.docker.ContainerEngine.GpuRequest;
import dev.thinkrig.deploy.docker.ContainerEngine.Mount;
import dev.thinkrig.deploy.docker.ContainerEngine.PortBinding;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.templates.recipe.Arg;
import dev.thinkrig.templates.recipe.ContainerRecipe;
import dev.thinkrig.templates.recipe.EnvVar;
import dev.thinkrig.templates.recipe.Listen;
import dev.thinkrig.templates.recipe.Recipe;
import dev.thinkrig.templates.recipe.RecipeException;
import dev.thinkrig.templates.recipe.Value;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps a {@link Recipe}'s engine container onto the Docker API: the same image, arguments, environment, ports, mounts
 * and GPU request that {@code compose} writes, with the user's variables filled from the environment. Nothing is
 * parsed: every value arrives typed.
 */
public final class Deployments {

    /** The label holding the recipe hash of a container ({@link ContainerRecipe#hash}), for reuse only on a match. */
    public static final String RECIPE_LABEL = "dev.thinkrig.recipe";

    /** NVIDIA's registry, where NIM images live. */
    static final String NGC_REGISTRY = "nvcr.io";

    /**
     * nvcr.io takes the literal user name {@code $oauthtoken} with the NGC API key as the password
     * (https://docs.nvidia.com/nim/speech/latest/get-started/ngc-access-setup.html, "Docker Login to NGC").
     */
    static final String NGC_USERNAME = "$oauthtoken";

    private Deployments() {}

    /**
     * The credentials to pull {@code image} with: for {@code nvcr.io/...}, user {@code $oauthtoken} and NGC_API_KEY from
     * {@code env} (missing: {@code MISSING_SETTING}, before anything is pulled); for other registries the engine's own.
     */
    static Optional<ContainerEngine.RegistryLogin> registryLogin(String image, Map<String, String> env) {
        if (!image.startsWith(NGC_REGISTRY + "/")) {
            return Optional.empty();
        }
        String key = env.get("NGC_API_KEY");
        if (key == null || key.isBlank()) {
            throw new DeployException(
                    DeployException.Kind.MISSING_SETTING,
                    "pulling " + image + " needs NGC_API_KEY: export it in your shell before 'thinkrig deploy'"
                            + " (thinkrig sends it to nvcr.io as the password of user " + NGC_USERNAME
                            + " for this pull only, and never writes it anywhere)",
                    null);
        }
        return Optional.of(new ContainerEngine.RegistryLogin(NGC_REGISTRY, NGC_USERNAME, key));
    }

    /**
     * The effective engine container of {@code recipe}: the planned one with {@code image} and {@code hostPort}
     * applied where given. Its {@link ContainerRecipe#hash} is what the {@link #RECIPE_LABEL} label holds.
     *
     * @param image the image to run instead of the planned one, where given (a mirror)
     * @param hostPort the port to publish on instead of the planned one, where given
     */
    public static ContainerRecipe effective(Recipe recipe, Optional<String> image, Optional<Integer> hostPort) {
        ContainerRecipe c = recipe.container()
                .orElseThrow(() -> new DeployException(
                        DeployException.Kind.FAILED,
                        "this plan runs natively, not in a container: use 'thinkrig compose' and its start script",
                        null));
        if (c.ports().isEmpty()) {
            throw new DeployException(
                    DeployException.Kind.FAILED, "the engine container publishes no port: nothing to check", null);
        }
        if (image.isPresent()) {
            c = c.withImage(image.get());
        }
        if (hostPort.isPresent()) {
            c = c.withHostPort(hostPort.get());
        }
        return c;
    }

    /**
     * The deployment of {@code recipe}'s engine container (Ollama's pull companion and Open WebUI are not run: thinkrig
     * pulls the model through the API itself).
     *
     * @param name the deployment name, the value of the deployment label
     * @param env the user's environment, {@code HOME} included: fills the recipe's variables
     */
    public static Deployment from(
            Recipe recipe, String name, Map<String, String> env, Optional<String> image, Optional<Integer> hostPort) {
        ContainerRecipe c = effective(recipe, image, hostPort);
        Set<String> secrets = new LinkedHashSet<>();
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar v : c.env()) {
            String value = resolve(v.value(), env);
            if (v.secret()) {
                secrets.add(v.name());
                secrets.addAll(v.value().variables());
            }
            // an unset secret is left out rather than passed empty (HF_TOKEN= would make every download anonymous)
            if (!value.isEmpty() || !v.secret()) {
                environment.put(v.name(), value);
            }
        }
        List<String> command = new ArrayList<>();
        for (Arg a : c.args()) {
            command.add(resolve(a.value(), env));
        }
        List<PortBinding> ports = c.ports().stream()
                .map(p -> new PortBinding(p.hostIp(), p.hostPort(), p.containerPort()))
                .toList();
        List<Mount> mounts = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        for (var m : c.mounts()) {
            if (m.volume().isPresent()) {
                String volume = name + "_" + m.volume().get(); // Compose's own naming: project_volume
                volumes.add(volume);
                mounts.add(new Mount(volume, m.target()));
            } else {
                mounts.add(new Mount(resolve(m.hostPath().get(), env), m.target()));
            }
        }
        Optional<GpuRequest> gpus = c.gpu().map(g -> new GpuRequest(g.count().orElse(0), g.deviceIds()));
        Map<String, String> labels = new LinkedHashMap<>(recipe.labels());
        labels.put(ContainerEngine.DEPLOYMENT_LABEL, name);
        labels.put(RECIPE_LABEL, c.hash(env));
        ContainerSpec spec = new ContainerSpec(
                name + "-" + c.service(),
                c.image(),
                c.entrypoint(),
                command,
                environment,
                ports,
                mounts,
                c.devices(),
                gpus,
                c.ipc(),
                c.shmBytes(),
                labels);
        var first = c.ports().get(0);
        URI endpoint = URI.create("http://" + Listen.urlHost(first.hostIp()) + ":" + first.hostPort());
        Optional<String> apiKey = recipe.engine() == Engine.VLLM && environment.containsKey("VLLM_API_KEY")
                ? Optional.ofNullable(env.get("VLLM_API_KEY"))
                : Optional.empty();
        Optional<ContainerEngine.RegistryLogin> login = registryLogin(spec.image(), env);
        if (login.isPresent()) {
            secrets.add("NGC_API_KEY");
        }
        return new Deployment(
                name, recipe.engine(), spec, volumes, endpoint, recipe.model(), apiKey, List.copyOf(secrets), login, 0);
    }

    /** The value with the user's variables filled; a required one unset is deploy's missing setting. */
    private static String resolve(Value value, Map<String, String> env) {
        try {
            return value.resolve(env);
        } catch (RecipeException e) {
            if (e.kind() != RecipeException.Kind.MISSING_SETTING) {
                throw e;
            }
            throw new DeployException(
                    DeployException.Kind.MISSING_SETTING,
                    "this deployment needs " + e.field() + ": export it in your shell before 'thinkrig deploy' (it is"
                            + " passed to the container and never written anywhere)",
                    e);
        }
    }
}
