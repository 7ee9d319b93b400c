package dev.thinkrig.templates.recipe;

import dev.thinkrig.sizing.engine.Engine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How one machine runs the planned engine, decided and typed: the engine container (or, on a Mac, the native launch),
 * the companions a compose file adds (Ollama's model pull, Open WebUI), the named volumes, how to tell it is ready, the
 * model name clients send, the variables the user sets, the labels. Compose files, README and deploy's container are
 * renderings of it. Built by {@link Recipes#of}.
 *
 * @param name the deployment's name: the Compose project and deploy's label value ({@code thinkrig-<model id>})
 * @param container the engine container; empty when the engine runs natively
 * @param launch the native launch (a Mac); empty when the engine runs in a container
 * @param companions containers only the compose file runs (deploy pulls the model through the API itself)
 * @param volumes the named volumes the containers mount, by their name inside the deployment
 * @param model the model name clients send; empty when the engine serves one and names it itself (NIM)
 * @param url where the engine's API answers, as a client on this machine writes it
 * @param settings the variables the user sets ({@code .env}), in order
 * @param labels what every container and volume of the deployment carries
 * @param warnings what the user must know before exposing it (no authentication on a published port)
 * @param localWeights the weights on this machine the engine loads instead of a download; with a GGUF file, the
 *     files include a Modelfile that {@code ollama create} imports it from
 */
public record Recipe(
        Engine engine,
        String name,
        PlanSummary summary,
        Optional<ContainerRecipe> container,
        Optional<NativeLaunch> launch,
        List<ContainerRecipe> companions,
        List<String> volumes,
        ReadinessProbe readiness,
        Optional<String> model,
        String url,
        List<UserSetting> settings,
        Map<String, String> labels,
        ReadmeFacts readme,
        List<String> warnings,
        Optional<LocalWeights> localWeights) {

    /** The label naming the deployment a container or volume belongs to (deploy's ContainerEngine uses the same). */
    public static final String DEPLOYMENT_LABEL = "dev.thinkrig.deployment";

    /** The label naming the engine a container runs. */
    public static final String ENGINE_LABEL = "dev.thinkrig.engine";

    public Recipe {
        Objects.requireNonNull(engine, "engine");
        Names.require("deployment name", name);
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(launch, "launch");
        companions = List.copyOf(companions);
        volumes = List.copyOf(volumes);
        volumes.forEach(v -> Names.require("volume name", v));
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(url, "url");
        settings = List.copyOf(settings);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        Objects.requireNonNull(readme, "readme");
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(localWeights, "localWeights");
        if (container.isPresent() == launch.isPresent()) {
            throw new IllegalArgumentException("a recipe runs the engine in a container or natively, exactly one");
        }
    }

    public static Builder builder(Engine engine, String name, PlanSummary summary) {
        return new Builder(engine, name, summary);
    }

    /** Every container a compose file for this recipe holds: the engine's first, then the companions. */
    public List<ContainerRecipe> composeContainers() {
        List<ContainerRecipe> all = new ArrayList<>();
        container.ifPresent(all::add);
        all.addAll(companions);
        return all;
    }

    /**
     * The Modelfile's {@code FROM} when Ollama imports a local GGUF: the file as the container that runs
     * {@code ollama create} sees it, or its host path for the native server; empty without a local GGUF.
     */
    public Optional<String> modelfileFrom() {
        return localWeights
                .filter(w -> w.ggufFile().isPresent())
                .map(w -> launch.isPresent() ? w.hostPath() : w.containerPath());
    }

    /** Collects a recipe; the engine classes ({@link OllamaRecipe}, {@link VllmRecipe}, {@link NimRecipe}) fill it. */
    public static final class Builder {
        private final Engine engine;
        private final String name;
        private final PlanSummary summary;
        private Optional<ContainerRecipe> container = Optional.empty();
        private Optional<NativeLaunch> launch = Optional.empty();
        private final List<ContainerRecipe> companions = new ArrayList<>();
        private final List<String> volumes = new ArrayList<>();
        private ReadinessProbe readiness;
        private Optional<String> model = Optional.empty();
        private String url;
        private final List<UserSetting> settings = new ArrayList<>();
        private ReadmeFacts readme;
        private final List<String> warnings = new ArrayList<>();
        private Optional<LocalWeights> localWeights = Optional.empty();

        private Builder(Engine engine, String name, PlanSummary summary) {
            this.engine = engine;
            this.name = name;
            this.summary = summary;
        }

        public Builder container(ContainerRecipe value) {
            container = Optional.of(value);
            return this;
        }

        public Builder launch(NativeLaunch value) {
            launch = Optional.of(value);
            return this;
        }

        public Builder companion(ContainerRecipe value) {
            companions.add(value);
            return this;
        }

        public Builder volume(String value) {
            volumes.add(value);
            return this;
        }

        public Builder readiness(ReadinessProbe value) {
            readiness = value;
            return this;
        }

        public Builder model(String value) {
            model = Optional.of(value);
            return this;
        }

        public Builder url(String value) {
            url = value;
            return this;
        }

        public Builder settings(List<UserSetting> values) {
            settings.addAll(values);
            return this;
        }

        public Builder readme(ReadmeFacts value) {
            readme = value;
            return this;
        }

        public Builder warnings(List<String> values) {
            warnings.addAll(values);
            return this;
        }

        public Builder localWeights(Optional<LocalWeights> value) {
            localWeights = value;
            return this;
        }

        public Recipe build() {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(DEPLOYMENT_LABEL, name);
            labels.put(ENGINE_LABEL, engine.id());
            return new Recipe(
                    engine,
                    name,
                    summary,
                    container,
                    launch,
                    companions,
                    volumes,
                    readiness,
                    model,
                    url,
                    settings,
                    labels,
                    readme,
                    warnings,
                    localWeights);
        }
    }
}
