package dev.thinkrig.deploy.flow;

import dev.thinkrig.deploy.api.OllamaApi;
import dev.thinkrig.deploy.smoke.SmokeReport;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A finished deployment.
 *
 * @param reused whether the container was running already (a second deploy of the same name)
 * @param engineReady how long the engine took from start to answering its readiness endpoint
 * @param overhead thinkrig's own time between readiness and the smoke test's first request
 * @param loaded what Ollama's {@code /api/ps} reported after the smoke test (memory in use); empty for other engines
 * @param engineLog the engine's own log after the smoke test (its start-up and model-load lines), for the CLI to
 *     compare with the plan; empty where it could not be read
 */
public record DeployResult(
        String name,
        String containerId,
        URI endpoint,
        String model,
        boolean reused,
        Duration engineReady,
        Duration overhead,
        SmokeReport smoke,
        List<OllamaApi.LoadedModel> loaded,
        List<String> engineLog) {

    public DeployResult {
        loaded = List.copyOf(loaded);
        engineLog = List.copyOf(engineLog);
    }

    /** A result without the engine's log (a server thinkrig did not start and cannot read). */
    public DeployResult(
            String name,
            String containerId,
            URI endpoint,
            String model,
            boolean reused,
            Duration engineReady,
            Duration overhead,
            SmokeReport smoke,
            List<OllamaApi.LoadedModel> loaded) {
        this(name, containerId, endpoint, model, reused, engineReady, overhead, smoke, loaded, List.of());
    }
}
