package dev.thinkrig.profiles.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.hardware.GpuDriver;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Platform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvidiaCudaAndMigTest {

    private static final String H100_NVL_Q = "nvidia-smi-q/2x-h100-nvl-nvidia-smi-a-thamada-gls.txt";
    private static final String A100_MIG_L = "nvidia-smi-L/1x-a100-80gb-pcie-mig-3g-2g-1g-REPO-UNIDENTIFIED.txt";

    // ---------------------------------------------------------------- nvidia-smi -q

    @Test
    void details_h100Nvl_cuda124_migDisabledOnBothGpus() {
        NvidiaSmiDetails d = NvidiaSmiDetails.parse(Fixtures.lines(H100_NVL_Q));
        assertThat(d.cudaVersion()).contains("12.4");
        assertThat(d.gpus()).hasSize(2);
        assertThat(d.gpus().get(0).uuid()).contains("GPU-806f8ea2-6428-1096-a076-bb687fb45fb0");
        assertThat(d.gpus()).allSatisfy(g -> {
            assertThat(g.migMode()).contains("Disabled");
            assertThat(g.migEnabled()).isFalse();
        });
    }

    @Test
    void details_rtx5090_cuda128_noMigOnGeForce() {
        NvidiaSmiDetails d =
                NvidiaSmiDetails.parse(Fixtures.lines("nvidia-smi-q/1x-rtx5090-nvidia-smi-a-thamada-gls.txt"));
        assertThat(d.cudaVersion()).contains("12.8");
        assertThat(d.gpus())
                .singleElement()
                .satisfies(g -> assertThat(g.migMode())
                        .as("MIG Mode Current is N/A on GeForce")
                        .isEmpty());
    }

    @Test
    void details_gb10Excerpt_cuda130() {
        NvidiaSmiDetails d = NvidiaSmiDetails.parse(
                Fixtures.lines("nvidia-smi-q/gb10-dgx-spark-q-excerpt-elided-nomad-device-nvidia-pr87-PARTIAL.txt"));
        assertThat(d.cudaVersion()).contains("13.0");
    }

    @Test
    void details_malformedCudaVersion_namesTheLine() {
        assertThatThrownBy(() ->
                        NvidiaSmiDetails.parse(Fixtures.lines("nvidia-smi-q/malformed-cuda-version-not-a-number.txt")))
                .isInstanceOf(DetectionException.class)
                .hasMessageContaining("CUDA Version")
                .hasMessageContaining("twelve");
    }

    @Test
    void details_notAReport_isRefused() {
        assertThatThrownBy(() -> NvidiaSmiDetails.parse(List.of("Failed to initialize NVML: Driver/library mismatch")))
                .isInstanceOf(DetectionException.class)
                .hasMessageContaining("no 'Driver Version' line");
    }

    // ---------------------------------------------------------------- nvidia-smi -L

    @Test
    void mig_a100_threeInstances_sizedFromTheirProfiles() {
        List<NvidiaMig.Instance> instances = NvidiaMig.parse(Fixtures.lines(A100_MIG_L));
        assertThat(instances).extracting(NvidiaMig.Instance::profile).containsExactly("3g.40gb", "2g.20gb", "1g.10gb");
        assertThat(instances)
                .extracting(NvidiaMig.Instance::memory)
                .containsExactly(
                        DataSize.ofBytes(40_000_000_000L),
                        DataSize.ofBytes(20_000_000_000L),
                        DataSize.ofBytes(10_000_000_000L));
        assertThat(instances.get(0).uuid()).isEqualTo("MIG-40ed9496-24f9-5b8b-95ca-648bfea46a9c");
        assertThat(instances.get(2).device()).isEqualTo(2);
        assertThat(instances).allSatisfy(i -> {
            assertThat(i.gpuIndex()).isZero();
            assertThat(i.gpuName()).isEqualTo("NVIDIA A100 80GB PCIe");
        });
    }

    @Test
    void mig_profileSizes_stayBelowTheRealInstanceMemory() {
        // gpu-feature-discovery's memory labels on the same A100 80GB PCIe (fixtures/nvidia-smi-L/README.md), MiB
        Map<String, Long> labelled = Map.of("3g.40gb", 40192L, "2g.20gb", 19968L, "1g.10gb", 9728L);
        for (NvidiaMig.Instance i : NvidiaMig.parse(Fixtures.lines(A100_MIG_L))) {
            assertThat(i.memory().bytes())
                    .isLessThan(DataSize.ofMiB(labelled.get(i.profile())).bytes());
        }
    }

    @Test
    void mig_h100_fourInstances() {
        assertThat(NvidiaMig.parse(
                        Fixtures.lines("nvidia-smi-L/1x-h100-80gb-hbm3-mig-3g-2g-1g-1g-REPO-UNIDENTIFIED.txt")))
                .extracting(NvidiaMig.Instance::profile)
                .containsExactly("3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb");
    }

    @Test
    void mig_withoutMig_listsNothing() {
        assertThat(NvidiaMig.parse(List.of(
                        "GPU 0: NVIDIA GeForce RTX 4090 (UUID: GPU-a)",
                        "GPU 1: NVIDIA GeForce RTX 4090 (UUID: GPU-b)")))
                .isEmpty();
    }

    @Test
    void mig_profileWithoutSize_isAClearError() {
        assertThatThrownBy(() -> NvidiaMig.parse(Fixtures.lines("nvidia-smi-L/malformed-mig-profile-without-size.txt")))
                .isInstanceOf(DetectionException.class)
                .hasMessageContaining("'3g' names no memory size");
    }

    // ---------------------------------------------------------------- detection

    private static final String CSV_HEADER =
            "index, uuid, memory.total [MiB], memory.used [MiB], memory.free [MiB], driver_version, compute_cap, name";

    /** A machine seen through fake tools: the CSV query, -q and -L answer with these lines. */
    private static Probes machine(List<String> csv, List<String> q, List<String> l) {
        return machine(csv, q, l, Map.of());
    }

    private static Probes machine(List<String> csv, List<String> q, List<String> l, Map<String, String> env) {
        SystemFacts facts =
                new SystemFacts("Test CPU", 16, DataSize.ofGiB(256), DataSize.ofGiB(240), "Linux", List.of());
        // a null output: the tool is not installed
        Map<List<String>, List<String>> outputs = new java.util.HashMap<>();
        outputs.put(NvidiaSmi.QUERY, csv);
        outputs.put(NvidiaSmiDetails.QUERY, q);
        outputs.put(NvidiaMig.QUERY, l);
        return new Probes() {
            @Override
            public CommandRunner commands() {
                return (command, timeout) ->
                        Optional.ofNullable(outputs.get(command)).map(out -> new CommandResult(0, out, ""));
            }

            @Override
            public SystemFacts system() {
                return facts;
            }

            @Override
            public Optional<String> file(Path path) {
                return Optional.empty();
            }

            @Override
            public Map<String, String> env() {
                return env;
            }
        };
    }

    // the H100 NVL's two GPUs as thinkrig's CSV query would print them (uuids and driver from the -q fixture; built
    // here: no recording of this exact query exists, fixtures/nvidia-smi-query/README.md)
    private static final List<String> H100_NVL_CSV = List.of(
            CSV_HEADER,
            "0, GPU-806f8ea2-6428-1096-a076-bb687fb45fb0, 95830, 1, 95829, 550.54.14, 9.0, NVIDIA H100 NVL",
            "1, GPU-b4d3a7a9-0000-0000-0000-000000000001, 95830, 1, 95829, 550.54.14, 9.0, NVIDIA H100 NVL");

    @Test
    void detect_h100Nvl_reportsTheDriverAndItsCudaVersion() {
        Hardware h = MachineDetector.detect(
                machine(H100_NVL_CSV, Fixtures.lines(H100_NVL_Q), List.of()), name -> Optional.empty());
        assertThat(h.driver()).contains(new GpuDriver("550.54.14", Optional.of("12.4")));
        assertThat(h.accelerators()).hasSize(2);
        assertThat(h.notes()).contains("the NVIDIA driver 550.54.14 supports CUDA 12.4 (nvidia-smi -q)");
    }

    @Test
    void detect_withoutQ_keepsTheDriverWithoutCuda() {
        Hardware h = MachineDetector.detect(machine(H100_NVL_CSV, null, List.of()), name -> Optional.empty());
        assertThat(h.driver()).contains(new GpuDriver("550.54.14", Optional.empty()));
    }

    @Test
    void detect_unreadableQ_isANoteNotAFailure() {
        Hardware h = MachineDetector.detect(
                machine(H100_NVL_CSV, Fixtures.lines("nvidia-smi-q/malformed-cuda-version-not-a-number.txt"), null),
                name -> Optional.empty());
        assertThat(h.accelerators()).hasSize(2);
        assertThat(h.notes()).anySatisfy(n -> assertThat(n).startsWith("nvidia-smi -q could not be read"));
    }

    // the A100 of the -L recording, MIG enabled: its -q is the H100 NVL's with "Current : Disabled" under MIG Mode
    // turned into "Enabled" for the first GPU (no -q recording from a MIG GPU exists; fixtures/nvidia-smi-q/README.md)
    private static List<String> migEnabledQ() {
        List<String> lines = new java.util.ArrayList<>(Fixtures.lines(H100_NVL_Q));
        int mig = lines.indexOf("    MIG Mode");
        lines.set(mig + 1, lines.get(mig + 1).replace("Disabled", "Enabled"));
        lines.replaceAll(
                l -> l.replace("GPU-806f8ea2-6428-1096-a076-bb687fb45fb0", "GPU-9f0cc172-1db7-8b47-7302-fa9b2ade0c7b"));
        return lines;
    }

    private static final List<String> A100_CSV = List.of(
            CSV_HEADER,
            "0, GPU-9f0cc172-1db7-8b47-7302-fa9b2ade0c7b, 81920, 0, 81920, 515.86.01, 8.0, NVIDIA A100 80GB PCIe");

    @Test
    void detect_migEnabled_plansOnTheLargestInstance() {
        Hardware h = MachineDetector.detect(
                machine(A100_CSV, migEnabledQ(), Fixtures.lines(A100_MIG_L)), name -> Optional.empty());
        assertThat(h.platform()).isEqualTo(Platform.NVIDIA);
        assertThat(h.name()).isEqualTo("this machine (NVIDIA A100 80GB PCIe MIG 3g.40gb)");
        assertThat(h.accelerators()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("NVIDIA A100 80GB PCIe MIG 3g.40gb");
            assertThat(a.memory()).isEqualTo(DataSize.ofBytes(40_000_000_000L));
            assertThat(a.usableMemory()).isEqualTo(DataSize.ofBytes(40_000_000_000L));
            assertThat(a.architecture()).isEqualTo("sm_80");
            assertThat(a.bandwidth()).isEmpty();
        });
        assertThat(h.usableMemory()).isEqualTo(DataSize.ofBytes(40_000_000_000L));
        assertThat(h.notes())
                .anySatisfy(n -> assertThat(n)
                        .contains("MIG enabled")
                        .contains("GPU 0 3g.40gb, GPU 0 2g.20gb, GPU 0 1g.10gb")
                        .contains("MIG-40ed9496-24f9-5b8b-95ca-648bfea46a9c")
                        .contains("40 GB (37.25 GiB) as its profile name says"));
    }

    @Test
    void detect_cudaVisibleDevicesNamesAMigInstance_plansOnThatOne() {
        // the 1g.10gb instance, by a unique prefix of its UUID, as Slurm or Kubernetes would set it
        Hardware h = MachineDetector.detect(
                machine(
                        A100_CSV,
                        migEnabledQ(),
                        Fixtures.lines(A100_MIG_L),
                        Map.of("CUDA_VISIBLE_DEVICES", "MIG-ab3c9061")),
                name -> Optional.empty());
        assertThat(h.accelerators()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("NVIDIA A100 80GB PCIe MIG 1g.10gb");
            assertThat(a.memory()).isEqualTo(DataSize.ofBytes(10_000_000_000L));
        });
        assertThat(h.notes())
                .contains("CUDA_VISIBLE_DEVICES=MIG-ab3c9061 names MIG instances; CUDA uses the first, MIG-ab3c9061");
    }

    @Test
    void detect_cudaVisibleDevicesNamesAnUnknownMigInstance_isAClearError() {
        assertThatThrownBy(() -> MachineDetector.detect(
                        machine(
                                A100_CSV,
                                migEnabledQ(),
                                Fixtures.lines(A100_MIG_L),
                                Map.of("CUDA_VISIBLE_DEVICES", "MIG-ffff")),
                        name -> Optional.empty()))
                .isInstanceOf(DetectionException.class)
                .hasMessageContaining("MIG-ffff, which is not among the instances nvidia-smi -L lists");
    }

    @Test
    void detect_migEnabledWithoutInstances_saysNothingCanRun() {
        assertThatThrownBy(() -> MachineDetector.detect(
                        machine(A100_CSV, migEnabledQ(), List.of("GPU 0: NVIDIA A100 80GB PCIe (UUID: GPU-9f0c)")),
                        name -> Optional.empty()))
                .isInstanceOf(DetectionException.class)
                .hasMessageContaining("MIG is enabled but nvidia-smi -L lists no MIG instance");
    }

    @Test
    void recordThenReplay_keepsTheCudaVersionAndMig(@TempDir Path dir) {
        SupportBundle.Recording recording =
                new SupportBundle.Recording(machine(A100_CSV, migEnabledQ(), Fixtures.lines(A100_MIG_L)));
        Hardware live = MachineDetector.detect(recording, name -> Optional.empty());
        recording.write(dir.resolve("mig"));
        Hardware replayed = MachineDetector.detect(SupportBundle.replay(dir.resolve("mig")), name -> Optional.empty());
        assertThat(replayed).isEqualTo(live);
        assertThat(replayed.driver()).contains(new GpuDriver("515.86.01", Optional.of("12.4")));
        assertThat(replayed.accelerators().get(0).name()).endsWith("MIG 3g.40gb");
    }
}
