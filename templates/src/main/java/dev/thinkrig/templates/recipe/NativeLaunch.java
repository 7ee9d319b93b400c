package dev.thinkrig.templates.recipe;

import java.util.List;
import java.util.Objects;

/**
 * The engine run natively rather than in a container (Docker on macOS cannot reach the Apple GPU): a script with the
 * planned settings, and the address it serves on.
 *
 * @param fileName the script's name in the output directory
 * @param environment the planned settings, {@code OLLAMA_HOST} last
 * @param hostIp the address the server listens on
 * @param model the Ollama tag to pull once the server answers
 */
public record NativeLaunch(String fileName, List<EnvVar> environment, String hostIp, int port, String model) {

    public NativeLaunch {
        Names.require("script name", fileName);
        environment = List.copyOf(environment);
        Objects.requireNonNull(hostIp, "hostIp");
        Objects.requireNonNull(model, "model");
    }

    /** Where the server answers, {@code http://127.0.0.1:11434}. */
    public String url() {
        return "http://" + Listen.urlHost(hostIp) + ":" + port;
    }
}
