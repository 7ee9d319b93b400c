package dev.thinkrig.templates.recipe;

import java.util.Objects;
import java.util.Optional;

/**
 * The choices {@code compose} and {@code deploy} add to a plan.
 *
 * @param invocation the command line that produced the files, written into their headers so they can be regenerated
 * @param listen the address to publish ports on; empty publishes on 127.0.0.1 only
 * @param withUi whether to add Open WebUI wired to the engine
 * @param nvidiaDriver the target's NVIDIA driver version (nvidia-smi's driver_version), where known
 */
public record RecipeOptions(String invocation, Optional<String> listen, boolean withUi, Optional<String> nvidiaDriver) {

    public RecipeOptions {
        Objects.requireNonNull(invocation, "invocation");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(nvidiaDriver, "nvidiaDriver");
    }
}
