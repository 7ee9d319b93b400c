package dev.thinkrig.profiles.detect;

import dev.thinkrig.sizing.DataSize;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of nvidia-smi's GPU query. A field is empty when the query did not ask for it or nvidia-smi printed
 * {@code [N/A]} / {@code [Not Supported]} for it (memory on GB10, which has no memory of its own).
 *
 * @param index nvidia-smi's index (PCI bus order)
 * @param computeCapability as printed, for example {@code 8.9} or {@code 12.1}
 */
record NvidiaGpu(
        int index,
        Optional<String> uuid,
        Optional<DataSize> memoryTotal,
        Optional<DataSize> memoryUsed,
        Optional<DataSize> memoryFree,
        Optional<String> driverVersion,
        Optional<String> computeCapability,
        Optional<String> name) {

    NvidiaGpu {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(memoryTotal, "memoryTotal");
        Objects.requireNonNull(memoryUsed, "memoryUsed");
        Objects.requireNonNull(memoryFree, "memoryFree");
        Objects.requireNonNull(driverVersion, "driverVersion");
        Objects.requireNonNull(computeCapability, "computeCapability");
        Objects.requireNonNull(name, "name");
    }

    /** The product name, or {@code GPU <index>} when the query did not include the name. */
    String displayName() {
        return name.orElse("GPU " + index);
    }

    /** {@code sm_89} from compute capability {@code 8.9}: the form Accelerator and CUDA builds use. */
    Optional<String> architecture() {
        return computeCapability.map(cc -> "sm_" + cc.replace(".", ""));
    }
}
