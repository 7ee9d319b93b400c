package dev.thinkrig.sizing.plan;

import dev.thinkrig.sizing.DataSize;
import java.util.List;

/**
 * Where memory goes under one configuration, whole model and per device.
 *
 * @param kvBytesPerToken one token of one sequence, whole model, one copy
 * @param kvCache the cache the workload needs (llama.cpp: context x slots, allocated up front; vLLM: the tokens the
 *     workload holds at once, inside the pool)
 * @param reasoningKv the part of {@code kvCache} that holds reasoning traces
 * @param kvCapacityTokens tokens the KV memory holds under this engine's budget (vLLM's pool; llama.cpp's n_ctx)
 */
public record MemoryBreakdown(
        DataSize weights,
        DataSize kvBytesPerToken,
        DataSize kvCache,
        DataSize reasoningKv,
        DataSize compute,
        DataSize overhead,
        DataSize usable,
        long kvCapacityTokens,
        List<DeviceMemory> perDevice) {

    public MemoryBreakdown {
        perDevice = List.copyOf(perDevice);
    }

    public DataSize total() {
        return weights.plus(kvCache).plus(compute).plus(overhead);
    }
}
