package dev.thinkrig.deploy.flow;

import dev.thinkrig.deploy.api.OllamaApi;
import dev.thinkrig.deploy.docker.ContainerEngine;
import java.time.Duration;

/** What a deployment shows while it runs; the command line renders it (a progress bar on a terminal, lines otherwise). */
public interface DeployListener {

    /** A step begins or ends: one line. */
    void step(String text);

    /** Image pull progress, summed over the layers seen so far. */
    void imageProgress(String image, long current, long total, ContainerEngine.PullProgress last);

    /** Still waiting for readiness after {@code elapsed}; the engine's last log line, if any. */
    void waiting(Duration elapsed, String lastLogLine);

    /** Ollama model pull progress. */
    void modelProgress(OllamaApi.PullProgress progress);
}
