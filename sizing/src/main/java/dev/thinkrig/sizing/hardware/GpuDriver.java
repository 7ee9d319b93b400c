package dev.thinkrig.sizing.hardware;

import java.util.Objects;
import java.util.Optional;

/**
 * The NVIDIA driver of a detected machine, which decides which CUDA builds of an engine image can run there.
 *
 * @param version nvidia-smi's {@code driver_version}, for example {@code 550.54.14}
 * @param cudaVersion the newest CUDA version the driver supports, as {@code nvidia-smi -q} prints it ({@code 12.4}),
 *     empty when it was not read
 */
public record GpuDriver(String version, Optional<String> cudaVersion) {

    public GpuDriver {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(cudaVersion, "cudaVersion");
    }
}
