package dev.thinkrig.profiles.detect;

import dev.thinkrig.sizing.Bandwidth;
import dev.thinkrig.sizing.DataSize;
import java.util.List;
import java.util.Optional;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.PhysicalMemory;

/** CPU, memory and OS through OSHI; the only OSHI I/O. */
public final class OshiProbe {

    /** A DDR channel is 64 bits wide: 8 bytes per transfer (JEDEC). */
    static final int BYTES_PER_TRANSFER = 8;

    private OshiProbe() {}

    public static SystemFacts read() {
        SystemInfo si = new SystemInfo();
        CentralProcessor cpu = si.getHardware().getProcessor();
        GlobalMemory memory = si.getHardware().getMemory();
        return new SystemFacts(
                cpu.getProcessorIdentifier().getName().trim(),
                Math.max(1, cpu.getPhysicalProcessorCount()),
                DataSize.ofBytes(memory.getTotal()),
                DataSize.ofBytes(memory.getAvailable()),
                si.getOperatingSystem().toString(),
                bandwidth(memory.getPhysicalMemory()));
    }

    /**
     * Theoretical bandwidth: transfer rate x 8 bytes x modules, assuming one module per channel (a desktop with two
     * modules in two channels). Empty when the OS reports no module speeds (most VMs and containers).
     */
    static Optional<Bandwidth> bandwidth(List<PhysicalMemory> modules) {
        long slowest = modules.stream()
                .mapToLong(PhysicalMemory::getClockSpeed)
                .filter(hz -> hz > 0)
                .min()
                .orElse(0);
        if (slowest == 0 || modules.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Bandwidth((double) slowest * BYTES_PER_TRANSFER * modules.size()));
    }
}
