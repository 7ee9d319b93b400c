package dev.thinkrig.profiles.detect;

import dev.thinkrig.sizing.DataSize;
import java.util.Optional;

/**
 * One GPU as nvidia-smi reports it.
 *
 * @param total empty when nvidia-smi prints [N/A]: the GB10 (DGX Spark) has no memory of its own
 * @param computeCapability {@code 8.9}
 */
public record NvidiaGpu(
        int index,
        String uuid,
        String name,
        Optional<DataSize> total,
        Optional<DataSize> used,
        Optional<DataSize> free,
        String driverVersion,
        String computeCapability) {

    /** Whether the GPU shares system memory (nvidia-smi reports no memory figure). */
    public boolean unifiedMemory() {
        return total.isEmpty();
    }

    /** {@code sm_89} from {@code 8.9}; {@code unknown} when nvidia-smi did not say. */
    public String architecture() {
        return computeCapability == null || computeCapability.isBlank()
                ? "unknown"
                : "sm_" + computeCapability.replace(".", "");
    }
}
