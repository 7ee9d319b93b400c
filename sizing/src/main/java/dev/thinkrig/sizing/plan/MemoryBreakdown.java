package dev.thinkrig.sizing.plan;

import dev.thinkrig.sizing.DataSize;
import java.util.List;
import java.util.function.Function;

/**
 * Where memory goes under one configuration, per device; the whole-machine figures are the sums over devices, so they
 * always add up.
 *
 * @param kvBytesPerToken one token of one sequence, whole model, one copy, in the layers that grow with the context
 * @param reasoningKv the part of the KV cache that holds reasoning traces
 * @param kvCapacityTokens tokens the KV memory holds under this engine's budget (vLLM's pool; llama.cpp's n_ctx)
 * @param perDevice every device that holds part of the model, system memory included where it does
 * @param slidingKv the part of the KV cache in sliding-window layers (fixed in size whatever the context)
 * @param kvFormat how the cache is laid out: {@code grouped-query}, {@code grouped-query+sliding-window},
 *     {@code latent} (multi-head latent attention kept compressed) or {@code expanded-latent}
 */
public record MemoryBreakdown(
        DataSize kvBytesPerToken,
        DataSize reasoningKv,
        long kvCapacityTokens,
        List<DeviceMemory> perDevice,
        DataSize slidingKv,
        String kvFormat) {

    public MemoryBreakdown {
        perDevice = List.copyOf(perDevice);
    }

    /** A grouped-query cache with no sliding-window layers. */
    public MemoryBreakdown(
            DataSize kvBytesPerToken, DataSize reasoningKv, long kvCapacityTokens, List<DeviceMemory> perDevice) {
        this(kvBytesPerToken, reasoningKv, kvCapacityTokens, perDevice, DataSize.ZERO, "grouped-query");
    }

    public DataSize weights() {
        return sum(DeviceMemory::weights);
    }

    /**
     * The KV cache the workload needs: llama.cpp allocates context x slots up front; vLLM holds the workload's tokens
     * inside its pool.
     */
    public DataSize kvCache() {
        return sum(DeviceMemory::kvCache);
    }

    public DataSize compute() {
        return sum(DeviceMemory::compute);
    }

    public DataSize overhead() {
        return sum(DeviceMemory::overhead);
    }

    public DataSize total() {
        return sum(DeviceMemory::total);
    }

    /**
     * Memory the engine may use on the devices that hold layers. A device that only holds tables (llama.cpp's input
     * embeddings in host memory) adds what it holds, not its free room, so {@code total <= usable} whenever it fits.
     */
    public DataSize usable() {
        return sum(d -> d.layers() > 0 ? d.usable() : d.total());
    }

    private DataSize sum(Function<DeviceMemory, DataSize> part) {
        return DataSize.ofBytes(
                perDevice.stream().mapToLong(d -> part.apply(d).bytes()).sum());
    }
}
