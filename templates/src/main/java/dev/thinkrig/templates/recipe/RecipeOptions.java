package dev.thinkrig.templates.recipe;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The choices {@code compose} and {@code deploy} add to a plan.
 *
 * @param invocation the command line that produced the files, written into their headers so they can be regenerated
 * @param listen the address to publish ports on; empty publishes on 127.0.0.1 only
 * @param withUi whether to add Open WebUI wired to the engine
 * @param nvidiaDriver the target's NVIDIA driver version (nvidia-smi's driver_version), where known
 * @param name the deployment's name ({@code --name}); empty names it {@code thinkrig-} and the model id
 */
public record RecipeOptions(
        String invocation,
        Optional<String> listen,
        boolean withUi,
        Optional<String> nvidiaDriver,
        Optional<String> name) {

    /**
     * What a name must look like: a Compose project name (lowercase letters, digits, dashes and underscores, starting
     * with a letter or digit; compose-spec's "name" property) that also serves as a container, volume and directory name;
     * at most 63 characters, a DNS label's length, so the Kubernetes layout can use it too.
     */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public RecipeOptions {
        Objects.requireNonNull(invocation, "invocation");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(nvidiaDriver, "nvidiaDriver");
        Objects.requireNonNull(name, "name");
        name.ifPresent(n -> {
            if (!NAME.matcher(n).matches()) {
                throw new RecipeException(
                        RecipeException.Kind.INVALID_VALUE,
                        "name",
                        n,
                        "--name '" + n + "': a deployment name is 1 to 63 lowercase letters, digits, dashes and"
                                + " underscores, starting with a letter or digit");
            }
        });
    }

    /** Options without a name of their own: the deployment is {@code thinkrig-} and the model id. */
    public RecipeOptions(String invocation, Optional<String> listen, boolean withUi, Optional<String> nvidiaDriver) {
        this(invocation, listen, withUi, nvidiaDriver, Optional.empty());
    }
}
