package dev.thinkrig.sizing.hardware;

import dev.thinkrig.sizing.DataSize;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A machine to plan for: its platform, its accelerators (none on CPU-only machines) and its host.
 *
 * @param id a preset id ({@code 2x-rtx-4090}) or {@code detected}
 * @param notes facts about how the figures were obtained (detection caveats, assumptions), shown with the plan
 * @param driver the NVIDIA driver, known only for a detected machine (presets do not name one)
 */
public record Hardware(
        String id,
        String name,
        Platform platform,
        List<Accelerator> accelerators,
        Host host,
        List<String> notes,
        Optional<GpuDriver> driver) {

    /** A machine whose driver is not known (presets). */
    public Hardware(
            String id, String name, Platform platform, List<Accelerator> accelerators, Host host, List<String> notes) {
        this(id, name, platform, accelerators, host, notes, Optional.empty());
    }

    public Hardware {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(host, "host");
        accelerators = List.copyOf(accelerators);
        notes = List.copyOf(notes);
        if (platform == Platform.CPU && !accelerators.isEmpty()) {
            throw new IllegalArgumentException(id + ": a cpu platform has no accelerators");
        }
        if (platform != Platform.CPU && accelerators.isEmpty()) {
            throw new IllegalArgumentException(id + ": platform " + platform + " needs an accelerator");
        }
    }

    /** This machine with its NVIDIA driver named. */
    public Hardware withDriver(Optional<GpuDriver> driver) {
        return new Hardware(id, name, platform, accelerators, host, notes, driver);
    }

    public boolean hasAccelerators() {
        return !accelerators.isEmpty();
    }

    /** Memory usable by the engine summed over the devices it runs on (the host on CPU-only machines). */
    public DataSize usableMemory() {
        if (accelerators.isEmpty()) {
            return host.usableMemory();
        }
        return DataSize.ofBytes(
                accelerators.stream().mapToLong(a -> a.usableMemory().bytes()).sum());
    }
}
