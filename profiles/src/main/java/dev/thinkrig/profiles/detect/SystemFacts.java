package dev.thinkrig.profiles.detect;

import dev.thinkrig.sizing.DataSize;
import java.util.List;
import java.util.Objects;

/**
 * What the operating system says about this machine's CPU and memory.
 *
 * @param memoryAvailable memory new programs can take now (Linux MemAvailable), not merely unused memory
 * @param memoryModules installed modules; empty where OSHI cannot list them (on Linux, dmidecode needs root)
 */
record SystemFacts(
        String cpu,
        int physicalCores,
        DataSize memoryTotal,
        DataSize memoryAvailable,
        String os,
        List<MemoryModule> memoryModules) {

    SystemFacts {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memoryTotal, "memoryTotal");
        Objects.requireNonNull(memoryAvailable, "memoryAvailable");
        Objects.requireNonNull(os, "os");
        memoryModules = List.copyOf(memoryModules);
    }
}
