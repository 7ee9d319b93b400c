package dev.thinkrig.profiles.detect;

import dev.thinkrig.sizing.DataSize;
import java.util.List;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.software.os.OperatingSystem;

/** CPU, memory and operating system of this machine through OSHI; no logic beyond copying fields. */
final class OshiProbe {

    private OshiProbe() {}

    static SystemFacts read() {
        SystemInfo system = new SystemInfo();
        HardwareAbstractionLayer hardware = system.getHardware();
        CentralProcessor processor = hardware.getProcessor();
        GlobalMemory memory = hardware.getMemory();
        OperatingSystem os = system.getOperatingSystem();
        List<MemoryModule> modules = memory.getPhysicalMemory().stream()
                .map(m -> new MemoryModule(
                        m.getBankLabel(),
                        m.getMemoryType(),
                        DataSize.ofBytes(Math.max(0, m.getCapacity())),
                        m.getClockSpeed()))
                .toList();
        // some virtual machines and ARM boards report no physical core count; the logical count is then the best known
        int cores = processor.getPhysicalProcessorCount() > 0
                ? processor.getPhysicalProcessorCount()
                : Math.max(1, processor.getLogicalProcessorCount());
        return new SystemFacts(
                processor.getProcessorIdentifier().getName().strip(),
                cores,
                DataSize.ofBytes(memory.getTotal()),
                DataSize.ofBytes(memory.getAvailable()),
                os.getFamily() + " " + os.getVersionInfo(),
                modules);
    }
}
