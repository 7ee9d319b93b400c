package dev.thinkrig.profiles.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class OshiProbeTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void read_thisLinuxMachine_memoryTotalMatchesProcMeminfo() throws Exception {
        Meminfo meminfo = Meminfo.parse(Files.readString(Path.of("/proc/meminfo")));

        SystemFacts facts = OshiProbe.read();

        assertThat(facts.memoryTotal()).isEqualTo(meminfo.memTotal());
        assertThat(facts.memoryAvailable()).isLessThanOrEqualTo(facts.memoryTotal());
        assertThat(facts.physicalCores()).isPositive();
        assertThat(facts.cpu()).isNotBlank();
        assertThat(facts.os()).isNotBlank();
    }
}
