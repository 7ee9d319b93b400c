package dev.thinkrig.sizing.hardware;

import dev.thinkrig.sizing.Bandwidth;
import dev.thinkrig.sizing.Compute;
import dev.thinkrig.sizing.DataSize;
import java.util.Objects;
import java.util.Optional;

/**
 * One GPU (or the GPU side of a unified-memory chip).
 *
 * @param memory what the engine sees as the device's total (nvidia-smi memory.total; PyTorch's total on GB10)
 * @param usableMemory what an engine may take: free memory, the Apple working-set limit, or the GB10's free pool
 * @param architecture {@code sm_89}, {@code apple-m3}, {@code gfx1151}
 * @param bandwidth memory bandwidth; empty for a detected GPU thinkrig has no figures for
 * @param denseBf16 dense BF16 matrix throughput; empty where the vendor publishes none (Apple, GB10)
 * @param wiredLimitMax on Apple, the largest working set reachable by raising {@code iogpu.wired_limit_mb}
 * @param deviceId what a container must request this device by when its index would pick the wrong one: a MIG
 *     instance's {@code MIG-<uuid>} (nvidia-smi -L), since {@code --gpus 1} or index 0 may give CUDA another instance;
 *     empty for whole GPUs and presets
 */
public record Accelerator(
        String name,
        String architecture,
        DataSize memory,
        DataSize usableMemory,
        Optional<Bandwidth> bandwidth,
        Optional<Compute> denseBf16,
        boolean fp8,
        boolean fp4,
        boolean peerToPeer,
        Optional<DataSize> wiredLimitMax,
        Optional<String> deviceId) {

    /** A device requested by its index (every whole GPU, every preset). */
    public Accelerator(
            String name,
            String architecture,
            DataSize memory,
            DataSize usableMemory,
            Optional<Bandwidth> bandwidth,
            Optional<Compute> denseBf16,
            boolean fp8,
            boolean fp4,
            boolean peerToPeer,
            Optional<DataSize> wiredLimitMax) {
        this(
                name,
                architecture,
                memory,
                usableMemory,
                bandwidth,
                denseBf16,
                fp8,
                fp4,
                peerToPeer,
                wiredLimitMax,
                Optional.empty());
    }

    public Accelerator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(usableMemory, "usableMemory");
        Objects.requireNonNull(bandwidth, "bandwidth");
        Objects.requireNonNull(denseBf16, "denseBf16");
        Objects.requireNonNull(wiredLimitMax, "wiredLimitMax");
        Objects.requireNonNull(deviceId, "deviceId");
        if (memory.bytes() == 0) {
            throw new IllegalArgumentException(name + ": memory must be positive");
        }
        if (usableMemory.isGreaterThan(memory)) {
            throw new IllegalArgumentException(
                    name + ": usable memory " + usableMemory + " exceeds its memory " + memory);
        }
    }

    /** CUDA compute capability times ten ({@code sm_89} gives 89), or 0 for other vendors. */
    public int cudaCapability() {
        if (architecture.startsWith("sm_")) {
            try {
                return Integer.parseInt(architecture.substring(3).replaceAll("[^0-9].*$", ""));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
