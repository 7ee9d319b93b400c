package dev.thinkrig.profiles.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.sizing.Bandwidth;
import dev.thinkrig.sizing.Compute;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class MachineDetectorTest {

    // The CPU-only machine these tests were written on: its recorded /proc/meminfo and lscpu (AMD EPYC, 2 cores).
    private static final Meminfo DEV_CONTAINER =
            Meminfo.parse(Fixtures.text("linux/meminfo-thinkrig-dev-container-kvm-epyc-2vcpu.txt"));
    private static final SystemFacts DEV_FACTS = new SystemFacts(
            "AMD EPYC",
            2,
            DEV_CONTAINER.memTotal(),
            DEV_CONTAINER.memAvailable(),
            "Debian GNU/Linux 12 (bookworm)",
            List.of());

    // Figures of the presets, as in shared/reference/hardware.md.
    private static final Accelerator RTX_4090 = new Accelerator(
            "NVIDIA GeForce RTX 4090",
            "sm_89",
            DataSize.ofMiB(24564),
            DataSize.ofMiB(24564),
            Optional.of(Bandwidth.ofGBps(1008)),
            Optional.of(Compute.ofTflops(165)),
            true,
            false,
            false,
            Optional.empty());
    private static final Accelerator GB10 = new Accelerator(
            "NVIDIA GB10",
            "sm_121",
            DataSize.parse("128 GB"),
            DataSize.ofGiB(101),
            Optional.of(Bandwidth.ofGBps(273)),
            Optional.empty(),
            true,
            true,
            false,
            Optional.empty());
    private static final Function<String, Optional<Accelerator>> PRESETS = name -> Optional.ofNullable(
            Map.of(RTX_4090.name(), RTX_4090, GB10.name(), GB10).get(name));
    private static final Function<String, Optional<Accelerator>> NO_PRESETS = name -> Optional.empty();

    @Test
    void build_noGpu_cpuMachineWithItsAvailableRam() {
        Hardware hardware = MachineDetector.build(DEV_FACTS, List.of(), Optional.of(DEV_CONTAINER), PRESETS);

        assertThat(hardware.id()).isEqualTo("detected");
        assertThat(hardware.name()).isEqualTo("this machine (AMD EPYC, CPU only)");
        assertThat(hardware.platform()).isEqualTo(Platform.CPU);
        assertThat(hardware.accelerators()).isEmpty();
        assertThat(hardware.host().cores()).isEqualTo(2);
        assertThat(hardware.host().memory()).isEqualTo(DataSize.ofBytes(24_684_092L * 1024));
        assertThat(hardware.usableMemory()).isEqualTo(DataSize.ofBytes(24_446_128L * 1024));
        assertThat(hardware.host().bandwidth()).as("no memory modules reported").isEmpty();
        assertThat(hardware.notes())
                .contains("CPU, cores and system memory from OSHI (Debian GNU/Linux 12 (bookworm))")
                .anySatisfy(note -> assertThat(note).startsWith("no GPU: the engine runs on the CPU"));
    }

    @Test
    void build_noGpuWithDdr5Modules_hostBandwidthIsTheoreticalWithANote() {
        SystemFacts facts = new SystemFacts(
                "AMD Ryzen 9 7950X",
                16,
                DataSize.ofGiB(64),
                DataSize.ofGiB(58),
                "Ubuntu 24.04",
                List.of(
                        new MemoryModule("P0 CHANNEL A/DIMM 1", "DDR5", DataSize.ofGiB(32), 5_200_000_000L),
                        new MemoryModule("P0 CHANNEL B/DIMM 1", "DDR5", DataSize.ofGiB(32), 5_200_000_000L)));

        Hardware hardware = MachineDetector.build(facts, List.of(), Optional.empty(), PRESETS);

        assertThat(hardware.host().bandwidth()).contains(new Bandwidth(83.2e9));
        assertThat(hardware.notes()).anySatisfy(note -> assertThat(note).contains("theoretical, not measured"));
    }

    @Test
    void build_twoKnownDiscreteGpus_usableIsFreeMemoryAndFiguresComeFromThePreset() {
        // built from the RLinf issue #255 table: 507 and 459 MiB used of 24564 MiB; free taken as total - used
        List<NvidiaGpu> gpus = List.of(rtx4090(0, 507), rtx4090(1, 459));

        Hardware hardware = MachineDetector.build(DEV_FACTS, gpus, Optional.of(DEV_CONTAINER), PRESETS);

        assertThat(hardware.platform()).isEqualTo(Platform.NVIDIA);
        assertThat(hardware.name()).isEqualTo("this machine (2 x NVIDIA GeForce RTX 4090)");
        assertThat(hardware.accelerators()).hasSize(2).allSatisfy(gpu -> {
            assertThat(gpu.memory()).isEqualTo(DataSize.ofMiB(24564));
            assertThat(gpu.bandwidth()).contains(Bandwidth.ofGBps(1008));
            assertThat(gpu.denseBf16()).contains(Compute.ofTflops(165));
            assertThat(gpu.architecture()).isEqualTo("sm_89");
            assertThat(gpu.fp8()).isTrue();
            assertThat(gpu.peerToPeer()).isFalse();
        });
        assertThat(hardware.accelerators())
                .extracting(Accelerator::usableMemory)
                .containsExactly(DataSize.ofMiB(24564 - 507), DataSize.ofMiB(24564 - 459));
        assertThat(hardware.usableMemory()).isEqualTo(DataSize.ofMiB(2 * 24564 - 507 - 459));
        assertThat(hardware.host().usableMemory()).isEqualTo(DEV_CONTAINER.memAvailable());
        assertThat(hardware.notes())
                .contains(
                        "GPU memory and free memory from nvidia-smi (driver 550.163.01); free memory already leaves"
                                + " out what other processes hold",
                        "NVIDIA GeForce RTX 4090: bandwidth and compute from thinkrig's preset")
                .noneSatisfy(note -> assertThat(note).contains("not in thinkrig's presets"));
    }

    @Test
    void build_unknownGpu_architectureFromComputeCapabilityAndSpeedUnknown() {
        NvidiaGpu rtx5090 = new NvidiaGpu(
                0,
                Optional.of("GPU-5090"),
                Optional.of(DataSize.ofMiB(32607)),
                Optional.of(DataSize.ofMiB(1)),
                Optional.of(DataSize.ofMiB(32120)),
                Optional.of("570.124.06"),
                Optional.of("12.0"),
                Optional.of("NVIDIA GeForce RTX 5090"));

        Hardware hardware = MachineDetector.build(DEV_FACTS, List.of(rtx5090), Optional.empty(), NO_PRESETS);

        Accelerator gpu = hardware.accelerators().get(0);
        assertThat(gpu.architecture()).isEqualTo("sm_120");
        assertThat(gpu.cudaCapability()).isEqualTo(120);
        assertThat(gpu.bandwidth()).isEmpty();
        assertThat(gpu.denseBf16()).isEmpty();
        assertThat(gpu.fp8()).as("Blackwell has FP8").isTrue();
        assertThat(gpu.fp4()).as("and FP4").isTrue();
        assertThat(gpu.usableMemory()).isEqualTo(DataSize.ofMiB(32120));
        assertThat(hardware.name()).isEqualTo("this machine (NVIDIA GeForce RTX 5090)");
        assertThat(hardware.notes())
                .anySatisfy(note -> assertThat(note)
                        .startsWith("NVIDIA GeForce RTX 5090 is not in thinkrig's presets")
                        .contains("speed cannot be estimated"));
    }

    @Test
    void build_mixedGpus_namedOneByOne() {
        NvidiaGpu rtx3090 = new NvidiaGpu(
                1,
                Optional.empty(),
                Optional.of(DataSize.ofMiB(24576)),
                Optional.empty(),
                Optional.of(DataSize.ofMiB(24000)),
                Optional.empty(),
                Optional.of("8.6"),
                Optional.of("NVIDIA GeForce RTX 3090"));

        Hardware hardware =
                MachineDetector.build(DEV_FACTS, List.of(rtx4090(0, 507), rtx3090), Optional.empty(), PRESETS);

        assertThat(hardware.name()).isEqualTo("this machine (NVIDIA GeForce RTX 4090 + NVIDIA GeForce RTX 3090)");
        assertThat(hardware.accelerators().get(1).fp8()).as("Ampere has no FP8").isFalse();
    }

    @Test
    void build_gb10_unifiedMemoryFromProcMeminfo() {
        // real: the marimo GB10 row under its query's header, and the DGX Spark meminfo lines from nvitop PR #208
        NvidiaGpu gb10 = NvidiaSmi.parse(Stream.concat(
                                Stream.of("index, name, memory.total [MiB], memory.used [MiB], memory.free [MiB]"),
                                Fixtures.lines("nvidia-smi-query/gb10-csv-noheader-nounits-marimo-pr6822.txt").stream())
                        .toList())
                .get(0);
        Meminfo spark = Meminfo.parse(
                Fixtures.text("linux/meminfo-dgx-spark-two-lines-indented-script-output-nvitop-pr208-PARTIAL.txt"));
        SystemFacts facts =
                new SystemFacts("Cortex-X925", 20, spark.memTotal(), spark.memAvailable(), "Ubuntu 24.04", List.of());

        Hardware hardware = MachineDetector.build(facts, List.of(gb10), Optional.of(spark), PRESETS);

        assertThat(hardware.platform()).isEqualTo(Platform.NVIDIA_UNIFIED);
        assertThat(hardware.name()).isEqualTo("this machine (NVIDIA GB10)");
        Accelerator gpu = hardware.accelerators().get(0);
        assertThat(gpu.memory()).isEqualTo(DataSize.ofBytes(127_600_748L * 1024));
        assertThat(gpu.usableMemory()).isEqualTo(DataSize.ofBytes(118_566_368L * 1024));
        assertThat(gpu.architecture()).isEqualTo("sm_121");
        assertThat(gpu.bandwidth()).contains(Bandwidth.ofGBps(273));
        assertThat(gpu.fp4()).isTrue();
        assertThat(hardware.host().bandwidth()).as("one pool for CPU and GPU").contains(Bandwidth.ofGBps(273));
        assertThat(hardware.usableMemory()).isEqualTo(DataSize.ofBytes(118_566_368L * 1024));
        assertThat(hardware.notes())
                .anySatisfy(note -> assertThat(note)
                        .startsWith("NVIDIA GB10 reports no memory of its own (nvidia-smi prints [N/A])")
                        .endsWith("from /proc/meminfo"));
    }

    @Test
    void build_gb10WithoutProcMeminfo_fallsBackToOshiFigures() {
        List<NvidiaGpu> gpus = NvidiaSmi.parse(Fixtures.lines("nvidia-smi-query/gb10-csv-header-nvitop-pr208.txt"));

        Hardware hardware = MachineDetector.build(DEV_FACTS, gpus, Optional.empty(), NO_PRESETS);

        assertThat(hardware.platform()).isEqualTo(Platform.NVIDIA_UNIFIED);
        assertThat(hardware.accelerators().get(0).memory()).isEqualTo(DEV_FACTS.memoryTotal());
        assertThat(hardware.accelerators().get(0).architecture()).isEqualTo("unknown");
        assertThat(hardware.notes()).anySatisfy(note -> assertThat(note).contains("as OSHI reports them"));
    }

    @Test
    void build_severalGpusOneWithoutMemory_isRefused() {
        List<NvidiaGpu> gpus = Stream.concat(
                        Stream.of(rtx4090(0, 0)),
                        NvidiaSmi.parse(Fixtures.lines("nvidia-smi-query/gb10-csv-header-nvitop-pr208.txt")).stream())
                .toList();

        assertThatThrownBy(() -> MachineDetector.build(DEV_FACTS, gpus, Optional.empty(), PRESETS))
                .isInstanceOf(DetectionException.class)
                .hasMessageContaining("no memory for GPU 0 among 2 GPUs");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void detect_withoutNvidiaSmi_reportsThisCpuMachineWithItsRealRam() throws Exception {
        Meminfo thisMachine = Meminfo.parse(Files.readString(Path.of("/proc/meminfo")));

        Hardware hardware = MachineDetector.detect(
                Probes.live(Map.of()).withCommands((command, timeout) -> Optional.empty()), PRESETS);

        assertThat(hardware.platform()).isEqualTo(Platform.CPU);
        assertThat(hardware.host().memory()).isEqualTo(thisMachine.memTotal());
        assertThat(hardware.usableMemory()).isGreaterThan(DataSize.ZERO).isLessThanOrEqualTo(thisMachine.memTotal());
        assertThat(hardware.notes()).first().isEqualTo("no NVIDIA GPU: nvidia-smi is not installed");
    }

    private static NvidiaGpu rtx4090(int index, long usedMiB) {
        return new NvidiaGpu(
                index,
                Optional.of("GPU-" + index),
                Optional.of(DataSize.ofMiB(24564)),
                Optional.of(DataSize.ofMiB(usedMiB)),
                Optional.of(DataSize.ofMiB(24564 - usedMiB)),
                Optional.of("550.163.01"),
                Optional.of("8.9"),
                Optional.of("NVIDIA GeForce RTX 4090"));
    }
}
