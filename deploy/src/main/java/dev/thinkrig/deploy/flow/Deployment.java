package dev.thinkrig.deploy.flow;

import dev.thinkrig.deploy.docker.ContainerEngine.ContainerSpec;
import dev.thinkrig.sizing.engine.Engine;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One engine container to run on this machine, decided: what {@link Deployer} creates, waits for and checks.
 *
 * @param name the deployment's name, the value of the {@code dev.thinkrig.deployment} label
 * @param volumes named volumes to create (labelled) before the container
 * @param endpoint where the engine's API answers on this machine
 * @param model the model name clients send; empty when the engine serves exactly one, found by listing
 * @param apiKey the key the engine requires (vLLM {@code --api-key}); never printed
 * @param secrets the names of the environment variables whose values must never be printed
 */
public record Deployment(
        String name,
        Engine engine,
        ContainerSpec container,
        List<String> volumes,
        URI endpoint,
        Optional<String> model,
        Optional<String> apiKey,
        List<String> secrets) {

    public Deployment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(container, "container");
        volumes = List.copyOf(volumes);
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKey, "apiKey");
        secrets = List.copyOf(secrets);
    }

    /** The path that answers 200 once the engine serves (shared/reference/engines.md). */
    public String readinessPath() {
        return switch (engine) {
            case OLLAMA -> "/api/version";
            case VLLM -> "/health";
            case NIM -> "/v1/health/ready";
        };
    }

    /**
     * How long the engine may take to answer: Ollama's server starts in seconds (the model is pulled afterwards);
     * vLLM and NIM download and load the weights before their health endpoint answers, which takes many minutes for a
     * 32B model.
     */
    public Duration readinessTimeout() {
        return switch (engine) {
            case OLLAMA -> Duration.ofMinutes(5);
            case VLLM, NIM -> Duration.ofMinutes(60);
        };
    }
}
