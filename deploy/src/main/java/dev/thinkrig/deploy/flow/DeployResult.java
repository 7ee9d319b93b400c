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
        List<OllamaApi.LoadedModel> loaded) {

    public DeployResult {
        loaded = List.copyOf(loaded);
    }
}
