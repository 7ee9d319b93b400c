package dev.thinkrig.profiles.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thinkrig.profiles.hardware.HardwareCatalog;
import dev.thinkrig.sizing.Bandwidth;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MachineDetectorTest {

    private static final SystemFacts DESKTOP =
            new SystemFacts("AMD Ryzen 9 7950X", 16, DataSize.ofGiB(64), DataSize.ofGiB(58), "Linux", Optional.empty());

    private final HardwareCatalog presets = HardwareCatalog.load(Path.of("/nonexistent"));

    @Test
    void noGpu_isCpuOnly_plannedOnAvailableRam() {
        Hardware h = MachineDetector.build(DESKTOP, List.of(), Optional.empty(), presets::acceleratorByName, List.of());
        assertThat(h.platform()).isEqualTo(Platform.CPU);
        assertThat(h.usableMemory()).isEqualTo(DataSize.ofGiB(58));
        assertThat(h.notes()).anyMatch(n -> n.contains("bandwidth is not reported"));
    }

    @Test
    void twoRtx4090s_arePlannedOnFreeMemory_withPresetFigures() {
        List<NvidiaGpu> gpus = NvidiaSmi.parse(List.of(
                "index, uuid, memory.total [MiB], memory.used [MiB], memory.free [MiB], driver_version, compute_cap, name",
                "0, GPU-a, 24564, 1200, 23364, 550.127.05, 8.9, NVIDIA GeForce RTX 4090",
                "1, GPU-b, 24564, 15, 24549, 550.127.05, 8.9, NVIDIA GeForce RTX 4090"));
        Hardware h = MachineDetector.build(DESKTOP, gpus, Optional.empty(), presets::acceleratorByName, List.of());
        assertThat(h.platform()).isEqualTo(Platform.NVIDIA);
        assertThat(h.accelerators()).hasSize(2);
        assertThat(h.accelerators().get(0).usableMemory()).isEqualTo(DataSize.ofMiB(23364));
        assertThat(h.accelerators().get(0).bandwidth()).contains(Bandwidth.ofGBps(1008));
        assertThat(h.accelerators().get(0).peerToPeer()).isFalse();
        assertThat(h.name()).isEqualTo("this machine (2 x NVIDIA GeForce RTX 4090)");
    }

    @Test
    void unknownGpu_isPlannedForMemory_butItsSpeedIsUnknown() {
        List<NvidiaGpu> gpus = NvidiaSmi.parse(List.of(
                "index, uuid, memory.total [MiB], memory.used [MiB], memory.free [MiB], driver_version, compute_cap, name",
                "0, GPU-a, 46068, 0, 46068, 570.86.10, 8.9, NVIDIA L40S"));
        Hardware h = MachineDetector.build(DESKTOP, gpus, Optional.empty(), presets::acceleratorByName, List.of());
        assertThat(h.accelerators().get(0).bandwidth()).isEmpty();
        assertThat(h.accelerators().get(0).architecture()).isEqualTo("sm_89");
        assertThat(h.notes()).anyMatch(n -> n.contains("NVIDIA L40S is not among thinkrig's presets"));
    }

    @Test
    void gb10_isUnified_plannedOnMemAvailable() throws IOException {
        List<NvidiaGpu> gpus = NvidiaSmi.parse(
                NvidiaSmiTest.fixture("nvidia-smi-query/gb10-csv-noheader-nounits-marimo-pr6822.txt"),
                List.of("index", "name", "memory.total", "memory.used", "memory.free"));
        Optional<Meminfo> meminfo = Meminfo.parse(String.join(
                "\n",
                NvidiaSmiTest.fixture(
                        "linux/meminfo-dgx-spark-two-lines-indented-script-output-nvitop-pr208-PARTIAL.txt")));
        SystemFacts spark =
                new SystemFacts("Cortex-X925", 20, DataSize.ofGiB(121), DataSize.ofGiB(100), "Linux", Optional.empty());
        Hardware h = MachineDetector.build(spark, gpus, meminfo, presets::acceleratorByName, List.of());
        assertThat(h.platform()).isEqualTo(Platform.NVIDIA_UNIFIED);
        // MemTotal 127,600,748 kB and MemAvailable 118,566,368 kB (KiB) from the recording
        assertThat(h.accelerators().get(0).memory()).isEqualTo(DataSize.ofBytes(127_600_748L * 1024));
        assertThat(h.accelerators().get(0).usableMemory()).isEqualTo(DataSize.ofBytes(118_566_368L * 1024));
        assertThat(h.accelerators().get(0).bandwidth()).contains(Bandwidth.ofGBps(273)); // from the dgx-spark preset
    }

    @Test
    void meminfo_missingLines_isEmpty() {
        assertThat(Meminfo.parse("MemTotal: 100 kB\n")).isEmpty();
        assertThat(Meminfo.parse("")).isEmpty();
    }
}
