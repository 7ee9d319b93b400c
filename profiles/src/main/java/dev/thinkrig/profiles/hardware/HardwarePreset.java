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
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

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
        // the same bound as Nx-<id> on the command line: a count of 100,000,000 built that many device records
        if (count != null && (count < 1 || count > HardwareCatalog.MAX_DEVICES)) {
            throw new IllegalArgumentException(
                    "count: a machine holds 1 to " + HardwareCatalog.MAX_DEVICES + " devices, was " + count);
        }
    }

    /**
     * The largest size a hardware file may state: 64 TiB is over 100 times the largest accelerator memory (512 GB, M3
     * Ultra) and above any one host's RAM; 16 devices of it are 2^50 bytes, far from a {@code long}'s 2^63.
     */
    static final long MAX_SIZE = 64 * DataSize.TIB;

    /** The fastest memory a file may state: 100 TB/s is over ten times HBM3e on a B200 (8 TB/s). */
    static final double MAX_BANDWIDTH = 100e12;

    /** The most compute a file may state: 100,000 TFLOPS is over 40 times a B200's dense BF16 (2,250 TFLOPS). */
    static final double MAX_COMPUTE = 100_000e12;

    /** CPU cores: two 192-core EPYC sockets have 384 (768 threads); 4,096 leaves room for any host. */
    static final int MAX_CORES = 4_096;

    /** A number without a unit, which the file format does not read as bytes (docs/hardware-format.md). */
    private static final Pattern BARE_NUMBER = Pattern.compile("\\s*[-+]?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?\\s*");

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
                    sizeOf(memory, "accelerator.memory", true),
                    sizeOf(usableMemory, "accelerator.usableMemory", false),
                    Optional.ofNullable(bandwidth).map(b -> bandwidthOf(b, "accelerator.bandwidth")),
                    Optional.ofNullable(denseBf16).map(c -> computeOf(c, "accelerator.denseBf16")),
                    fp8,
                    fp4,
                    peerToPeer,
                    Optional.ofNullable(wiredLimitMax).map(w -> sizeOf(w, "accelerator.wiredLimitMax", true)));
        }
    }

    /** The {@code host:} section: system memory and CPU. */
    public record HostSpec(
            String cpu,
            String memory,
            String usableMemory,
            String bandwidth,
            String compute,
            Integer cores,
            String source) {

        public HostSpec {
            Objects.requireNonNull(memory, "host.memory is required");
            Objects.requireNonNull(cores, "host.cores is required");
            Objects.requireNonNull(source, "host.source is required");
            if (cores < 1 || cores > MAX_CORES) {
                throw new IllegalArgumentException("host.cores must be a whole number from 1 to "
                        + String.format(Locale.ROOT, "%,d", MAX_CORES) + ", was " + cores);
            }
            host(cpu, memory, usableMemory, bandwidth, compute, cores);
        }

        public Host toHost() {
            return host(cpu, memory, usableMemory, bandwidth, compute, cores);
        }

        private static Host host(
                String cpu, String memory, String usableMemory, String bandwidth, String compute, int cores) {
            DataSize total = sizeOf(memory, "host.memory", true);
            return new Host(
                    cpu == null ? "unspecified CPU" : cpu,
                    cores,
                    total,
                    usableMemory == null ? total : sizeOf(usableMemory, "host.usableMemory", false),
                    Optional.ofNullable(bandwidth).map(b -> bandwidthOf(b, "host.bandwidth")),
                    Optional.ofNullable(compute).map(c -> computeOf(c, "host.compute")));
        }
    }

    /**
     * A size with its unit, up to {@link #MAX_SIZE}: a bare number is refused rather than read as bytes, since
     * {@code memory: 24564} almost always means MiB or GB.
     */
    static DataSize sizeOf(String text, String field, boolean positive) {
        if (BARE_NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    field + ": " + text.trim() + " has no unit: write it with one, as in 24564 MiB or 24 GiB");
        }
        DataSize size;
        try {
            size = DataSize.parse(text);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(field + " must be at most 64 TiB, was " + text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
        if (size.bytes() > MAX_SIZE) {
            throw new IllegalArgumentException(field + " must be at most 64 TiB, was " + text.trim());
        }
        if (positive && size.bytes() == 0) {
            throw new IllegalArgumentException(field + " must be more than 0 bytes, was " + text.trim());
        }
        return size;
    }

    /** A rate above zero (a zero bandwidth would divide speeds by zero) and up to {@link #MAX_BANDWIDTH}. */
    static Bandwidth bandwidthOf(String text, String field) {
        Bandwidth b = rate(text, field, Bandwidth::parse);
        if (!(b.bytesPerSecond() > 0) || b.bytesPerSecond() > MAX_BANDWIDTH) {
            throw new IllegalArgumentException(field + " must be more than 0 and at most 100 TB/s, was " + text.trim());
        }
        return b;
    }

    /** Compute above zero and up to {@link #MAX_COMPUTE}. */
    static Compute computeOf(String text, String field) {
        Compute c = rate(text, field, Compute::parse);
        if (!(c.flopsPerSecond() > 0) || c.flopsPerSecond() > MAX_COMPUTE) {
            throw new IllegalArgumentException(
                    field + " must be more than 0 and at most 100,000 TFLOPS, was " + text.trim());
        }
        return c;
    }

    private static <T> T rate(String text, String field, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
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
