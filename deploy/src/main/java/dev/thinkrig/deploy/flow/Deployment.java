package dev.thinkrig.deploy.flow;

import dev.thinkrig.deploy.docker.ContainerEngine.ContainerSpec;
import dev.thinkrig.deploy.docker.ContainerEngine.RegistryLogin;
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
 * @param registryLogin credentials for pulling the image ({@code nvcr.io}: NGC_API_KEY); never printed
 * @param modelBytes the planned weights the engine downloads into its model store (its first mount) after it starts;
 *     0 when not known
 */
public record Deployment(
        String name,
        Engine engine,
        ContainerSpec container,
        List<String> volumes,
        URI endpoint,
        Optional<String> model,
        Optional<String> apiKey,
        List<String> secrets,
        Optional<RegistryLogin> registryLogin,
        long modelBytes) {

    public Deployment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(container, "container");
        volumes = List.copyOf(volumes);
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKey, "apiKey");
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(registryLogin, "registryLogin");
        if (modelBytes < 0) {
            throw new IllegalArgumentException("modelBytes < 0: " + modelBytes);
        }
    }

    /** A deployment pulling with the engine's own credentials, its download size not known. */
    public Deployment(
            String name,
            Engine engine,
            ContainerSpec container,
            List<String> volumes,
            URI endpoint,
            Optional<String> model,
            Optional<String> apiKey,
            List<String> secrets) {
        this(name, engine, container, volumes, endpoint, model, apiKey, secrets, Optional.empty(), 0);
    }

    /** This deployment with the planned size of the weights the engine downloads. */
    public Deployment withModelBytes(long bytes) {
        return new Deployment(name, engine, container, volumes, endpoint, model, apiKey, secrets, registryLogin, bytes);
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
