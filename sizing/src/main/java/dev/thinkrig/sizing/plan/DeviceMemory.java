package dev.thinkrig.sizing.plan;

import dev.thinkrig.sizing.DataSize;

/**
 * Memory on one device under a configuration.
 *
 * @param device a name such as {@code GPU 0 (NVIDIA GeForce RTX 4090)} or {@code system memory}
 * @param accelerator index into the machine's accelerators, or -1 for system memory
 * @param compute the compute buffer or activation peak
 * @param overhead runtime memory outside the model: CUDA context, CUDA graphs, non-torch allocations
 * @param usable what the engine may use on this device (vLLM: utilization x total)
 */
public record DeviceMemory(
        String device,
        int accelerator,
        DataSize weights,
        DataSize kvCache,
        DataSize compute,
        DataSize overhead,
        DataSize usable,
        int layers) {

    public static final int SYSTEM_MEMORY = -1;

    public DataSize total() {
        return weights.plus(kvCache).plus(compute).plus(overhead);
    }
}
