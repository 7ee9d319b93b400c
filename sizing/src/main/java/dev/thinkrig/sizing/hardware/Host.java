package dev.thinkrig.sizing.hardware;

import dev.thinkrig.sizing.Bandwidth;
import dev.thinkrig.sizing.Compute;
import dev.thinkrig.sizing.DataSize;
import java.util.Objects;
import java.util.Optional;

/**
 * The CPU side of a machine: system memory, its bandwidth and what of it a CPU engine may use.
 *
 * @param bandwidth system memory bandwidth; empty when neither a preset nor detection gives it
 * @param compute dense matrix throughput of the CPU cores; empty when unknown (detection does not measure it)
 */
public record Host(
        String cpu,
        int cores,
        DataSize memory,
        DataSize usableMemory,
        Optional<Bandwidth> bandwidth,
        Optional<Compute> compute) {

    public Host {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(usableMemory, "usableMemory");
        Objects.requireNonNull(bandwidth, "bandwidth");
        Objects.requireNonNull(compute, "compute");
        if (cores <= 0) {
            throw new IllegalArgumentException("cores must be positive, was " + cores);
        }
        if (usableMemory.isGreaterThan(memory)) {
            throw new IllegalArgumentException("usable memory " + usableMemory + " exceeds memory " + memory);
        }
    }
}
