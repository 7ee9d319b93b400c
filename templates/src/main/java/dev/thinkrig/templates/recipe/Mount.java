package dev.thinkrig.templates.recipe;

import java.util.Objects;
import java.util.Optional;

/**
 * A mount: a named volume of the deployment, or a host directory (under the user's home, so read from {@code HOME}).
 *
 * @param volume the named volume's name inside the deployment ({@code ollama}); empty for a host directory
 * @param hostPath the host directory; empty for a volume
 * @param readOnly whether the container may only read it (a model's local weights)
 */
public record Mount(Optional<String> volume, Optional<Value> hostPath, String target, boolean readOnly) {

    public Mount {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(target, "target");
        volume.ifPresent(v -> Names.require("volume name", v));
        if (volume.isPresent() == hostPath.isPresent()) {
            throw new IllegalArgumentException("a mount is a volume or a host directory, exactly one of them");
        }
    }

    public Mount(Optional<String> volume, Optional<Value> hostPath, String target) {
        this(volume, hostPath, target, false);
    }

    public static Mount volume(String name, String target) {
        return new Mount(Optional.of(name), Optional.empty(), target);
    }

    /** A host path, as it is, that the container may only read ({@code /srv/models:/models:ro}). */
    public static Mount hostReadOnly(String path, String target) {
        return new Mount(Optional.empty(), Optional.of(Value.of(path)), target, true);
    }

    /** A directory under the user's home ({@code ~/.cache/huggingface}). */
    public static Mount home(String relative, String target) {
        return new Mount(
                Optional.empty(),
                Optional.of(Value.variable("HOME", Value.Need.PLAIN).then("/" + relative)),
                target);
    }

    /** Compose's short syntax, {@code ollama:/root/.ollama}, {@code /srv/models:/models:ro}. */
    public String compose() {
        return volume.orElseGet(() -> hostPath.get().compose()) + ":" + target + (readOnly ? ":ro" : "");
    }
}
