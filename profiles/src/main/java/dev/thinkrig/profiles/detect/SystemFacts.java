package dev.thinkrig.profiles.detect;

import dev.thinkrig.sizing.Bandwidth;
import dev.thinkrig.sizing.DataSize;
import java.util.Optional;

/**
 * The CPU side of this machine.
 *
 * @param memoryBandwidth theoretical, from the memory modules' transfer rate; empty when the OS does not say
 */
public record SystemFacts(
        String cpu,
        int physicalCores,
        DataSize memoryTotal,
        DataSize memoryAvailable,
        String os,
        Optional<Bandwidth> memoryBandwidth) {}
