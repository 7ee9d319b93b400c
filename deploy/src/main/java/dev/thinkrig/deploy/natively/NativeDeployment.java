package dev.thinkrig.deploy.natively;

import dev.thinkrig.deploy.flow.DeployException;
import dev.thinkrig.templates.compose.ComposeModel;
import dev.thinkrig.templates.compose.Service;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A native Ollama server to run on this machine (a Mac: Docker there cannot reach the Apple GPU), decided from the
 * launch script {@code compose} writes for the same plan: the same {@code OLLAMA_*} settings and model tag.
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
     * The native deployment of {@code model}'s launch script.
     *
     * @param port the port to serve on instead of the planned one, where given ({@code --port})
     */
    public static NativeDeployment from(ComposeModel model, String name, Optional<Integer> port) {
        ComposeModel.LaunchScript script = model.launch()
                .orElseThrow(() -> new DeployException(
                        DeployException.Kind.FAILED, "this plan runs in a container, not natively", null));
        Map<String, String> env = new LinkedHashMap<>();
        for (Service.EnvVar v : script.environment()) {
            env.put(v.name(), v.value());
        }
        String hostPort = env.get(HOST_VARIABLE);
        if (hostPort == null) {
            throw new DeployException(
                    DeployException.Kind.FAILED,
                    "the launch script sets no " + HOST_VARIABLE + ": nothing to check",
                    null);
        }
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int published = port.orElse(Integer.parseInt(hostPort.substring(colon + 1)));
        env.put(HOST_VARIABLE, host + ":" + published);
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        String urlHost = bare.equals("0.0.0.0") || bare.isEmpty()
                ? "127.0.0.1"
                : bare.equals("::") ? "[::1]" : bare.contains(":") ? "[" + bare + "]" : bare;
        return new NativeDeployment(name, env, URI.create("http://" + urlHost + ":" + published), script.model());
    }

    /** The path that answers 200 once the server serves (shared/reference/engines.md). */
    public String readinessPath() {
        return "/api/version";
    }
}
