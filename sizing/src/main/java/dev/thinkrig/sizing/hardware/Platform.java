package dev.thinkrig.sizing.hardware;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kind of machine, which decides which engines run and how memory is shared. */
public enum Platform {
    /** Discrete NVIDIA GPUs with their own memory. */
    NVIDIA("nvidia", false),
    /** NVIDIA GB10 (DGX Spark): one LPDDR5x pool for the CPU and GPU; nvidia-smi reports no memory figure. */
    NVIDIA_UNIFIED("nvidia-unified", true),
    /** Apple Silicon: unified memory, the GPU limited to its working set; engines run natively (Metal). */
    APPLE("apple", true),
    /** Discrete AMD GPUs (ROCm). */
    AMD("amd", false),
    /** AMD APUs such as Strix Halo: the GPU uses a share of system memory. */
    AMD_UNIFIED("amd-unified", true),
    /** No accelerator: the engine runs on the CPU from system memory. */
    CPU("cpu", true);

    private final String id;
    private final boolean unifiedMemory;

    Platform(String id, boolean unifiedMemory) {
        this.id = id;
        this.unifiedMemory = unifiedMemory;
    }

    public String id() {
        return id;
    }

    /** Whether the accelerator's memory is the same physical memory the operating system uses. */
    public boolean unifiedMemory() {
        return unifiedMemory;
    }

    public boolean isNvidia() {
        return this == NVIDIA || this == NVIDIA_UNIFIED;
    }

    public boolean isAmd() {
        return this == AMD || this == AMD_UNIFIED;
    }

    public static Platform fromId(String id) {
        for (Platform p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown platform '" + id + "' (known: "
                + Arrays.stream(values()).map(Platform::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
