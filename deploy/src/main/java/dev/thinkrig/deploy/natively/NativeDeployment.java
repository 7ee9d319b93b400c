package dev.thinkrig.deploy.natively;

import dev.thinkrig.deploy.flow.DeployException;
import dev.thinkrig.templates.recipe.EnvVar;
import dev.thinkrig.templates.recipe.Listen;
import dev.thinkrig.templates.recipe.NativeLaunch;
import dev.thinkrig.templates.recipe.Recipe;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A native Ollama server to run on this machine (a Mac: Docker there cannot reach the Apple GPU), decided from the
 * recipe's native launch, which {@code compose} writes as a script: the same {@code OLLAMA_*} settings and model tag.
 *
 * @param name the deployment's name ({@code thinkrig-<model id>})
 * @param environment the planned {@code OLLAMA_*} settings, {@code OLLAMA_HOST} included, in the script's order
 * @param endpoint where the server's API answers on this machine
 * @param model the Ollama tag to pull and smoke-test
 */
public record NativeDeployment(String name, Map<String, String> environment, URI endpoint, String model) {

    /** The variable Ollama binds its server to, {@code host:port} (Ollama's docs/faq.md). */
    public static final String HOST_VARIABLE = "OLLAMA_HOST";

    public NativeDeployment {
        Objects.requireNonNull(name, "name");
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
    }

    /**
     * The native deployment of {@code recipe}'s launch: its settings, and {@code OLLAMA_HOST} on the planned address.
     *
     * @param port the port to serve on instead of the planned one, where given ({@code --port})
     */
    public static NativeDeployment from(Recipe recipe, String name, Optional<Integer> port) {
        NativeLaunch launch = recipe.launch()
                .orElseThrow(() -> new DeployException(
                        DeployException.Kind.FAILED, "this plan runs in a container, not natively", null));
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar v : launch.environment()) {
            env.put(v.name(), v.value().literalText());
        }
        int published = port.orElse(launch.port());
        env.put(HOST_VARIABLE, Listen.hostPort(launch.hostIp(), published));
        return new NativeDeployment(
                name, env, URI.create("http://" + Listen.urlHost(launch.hostIp()) + ":" + published), launch.model());
    }

    /** The path that answers 200 once the server serves (shared/reference/engines.md). */
    public String readinessPath() {
        return "/api/version";
    }
}
