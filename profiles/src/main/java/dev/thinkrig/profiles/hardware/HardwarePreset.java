package dev.thinkrig.profiles.hardware;

import dev.thinkrig.sizing.Bandwidth;
import dev.thinkrig.sizing.Compute;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Host;
import dev.thinkrig.sizing.hardware.Platform;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One hardware file ({@code hardware/<id>.yaml} or a user's {@code --hardware my-rig.yaml}) as written;
 * docs/hardware-format.md describes it. Sizes and rates are strings with units ({@code 24564 MiB},
 * {@code 1008 GB/s}, {@code 165 TFLOPS}), checked when the file is read.
 *
 * @param count accelerators of this kind in the machine (1 when absent); {@code Nx-<id>} on the command line overrides
 */
public record HardwarePreset(
        String id, String name, String platform, Integer count, AcceleratorSpec accelerator, HostSpec host) {

    public HardwarePreset {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id is required");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is required");
        }
        Platform p = Platform.fromId(Objects.requireNonNull(platform, "platform is required"));
        Objects.requireNonNull(host, "host is required");
        if (p == Platform.CPU && accelerator != null) {
            throw new IllegalArgumentException("a cpu platform has no accelerator section");
        }
        if (p != Platform.CPU && accelerator == null) {
            throw new IllegalArgumentException("platform " + platform + " needs an accelerator section");
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
    }

    /** The {@code accelerator:} section. */
    public record AcceleratorSpec(
            String name,
            String architecture,
            String memory,
            String usableMemory,
            String wiredLimitMax,
            String bandwidth,
            String denseBf16,
            Boolean fp8,
            Boolean fp4,
            Boolean peerToPeer,
            String source) {

        public AcceleratorSpec {
            Objects.requireNonNull(name, "accelerator.name is required");
            Objects.requireNonNull(architecture, "accelerator.architecture is required");
            Objects.requireNonNull(memory, "accelerator.memory is required");
            Objects.requireNonNull(usableMemory, "accelerator.usableMemory is required");
            Objects.requireNonNull(fp8, "accelerator.fp8 is required");
            Objects.requireNonNull(fp4, "accelerator.fp4 is required");
            Objects.requireNonNull(peerToPeer, "accelerator.peerToPeer is required");
            Objects.requireNonNull(source, "accelerator.source is required");
            // parse every unit string now, so a bad one is reported with this file's position
            accelerator(
                    name,
                    architecture,
                    memory,
                    usableMemory,
                    wiredLimitMax,
                    bandwidth,
                    denseBf16,
                    fp8,
                    fp4,
                    peerToPeer);
        }

        public Accelerator toAccelerator() {
            return accelerator(
                    name,
                    architecture,
                    memory,
                    usableMemory,
                    wiredLimitMax,
                    bandwidth,
                    denseBf16,
                    fp8,
                    fp4,
                    peerToPeer);
        }

        private static Accelerator accelerator(
                String name,
                String architecture,
                String memory,
                String usableMemory,
                String wiredLimitMax,
                String bandwidth,
                String denseBf16,
                boolean fp8,
                boolean fp4,
                boolean peerToPeer) {
            return new Accelerator(
                    name,
                    architecture,
                    positive(DataSize.parse(memory), "accelerator.memory"),
                    DataSize.parse(usableMemory),
                    Optional.ofNullable(bandwidth).map(Bandwidth::parse),
                    Optional.ofNullable(denseBf16).map(Compute::parse),
                    fp8,
                    fp4,
                    peerToPeer,
                    Optional.ofNullable(wiredLimitMax).map(DataSize::parse));
        }
    }

    /** The {@code host:} section: system memory and CPU. */
    public record HostSpec(
            String cpu,
            String memory,
            String usableMemory,
            String bandwidth,
            String compute,
            int cores,
            String source) {

        public HostSpec {
            Objects.requireNonNull(memory, "host.memory is required");
            Objects.requireNonNull(source, "host.source is required");
            host(cpu, memory, usableMemory, bandwidth, compute, cores);
        }

        public Host toHost() {
            return host(cpu, memory, usableMemory, bandwidth, compute, cores);
        }

        private static Host host(
                String cpu, String memory, String usableMemory, String bandwidth, String compute, int cores) {
            DataSize total = positive(DataSize.parse(memory), "host.memory");
            return new Host(
                    cpu == null ? "unspecified CPU" : cpu,
                    cores,
                    total,
                    usableMemory == null ? total : DataSize.parse(usableMemory),
                    Optional.ofNullable(bandwidth).map(Bandwidth::parse),
                    Optional.ofNullable(compute).map(Compute::parse));
        }
    }

    private static DataSize positive(DataSize size, String field) {
        if (size.bytes() == 0) {
            throw new IllegalArgumentException(field + " must be positive");
        }
        return size;
    }

    /** The machine this file describes, with {@code count} accelerators (the file's own count when null). */
    public Hardware toHardware(String hardwareId, Integer countOverride) {
        int n = countOverride != null ? countOverride : count == null ? 1 : count;
        Platform p = Platform.fromId(platform);
        List<Accelerator> accelerators =
                accelerator == null ? List.of() : Collections.nCopies(n, accelerator.toAccelerator());
        if (p.unifiedMemory() && n > 1) {
            throw new IllegalArgumentException(id + " is a unified-memory machine: several of them are several "
                    + "machines, not one with " + n + " GPUs");
        }
        String label = n > 1 ? n + " x " + name : name;
        return new Hardware(hardwareId, label, p, accelerators, host.toHost(), List.of());
    }
}
