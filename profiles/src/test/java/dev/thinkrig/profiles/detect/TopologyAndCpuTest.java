package dev.thinkrig.profiles.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyAndCpuTest {

    private static String fixture(String path) throws IOException {
        try (InputStream in = TopologyAndCpuTest.class.getResourceAsStream("/fixtures/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void topo_twoRtx5090s_overPhb_areNotNvLinked() throws IOException {
        NvidiaTopology t = NvidiaTopology.parse(fixture("nvidia-smi-topo/2x-rtx5090-phb-tabs-club3090-issue1229.txt")
                .lines()
                .toList());
        assertThat(t.link(0, 1)).contains("PHB");
        assertThat(t.allNvLinked(List.of(0, 1))).isFalse();
    }

    @Test
    void topo_eightRtx4090s_withNicRows() throws IOException {
        NvidiaTopology t =
                NvidiaTopology.parse(fixture("nvidia-smi-topo/8x-rtx4090-sys-tabs-go-gpuallocator-issue17.txt")
                        .lines()
                        .toList());
        assertThat(t.link(0, 7)).contains("SYS");
        assertThat(t.link(3, 3)).contains("X");
    }

    @Test
    void topo_nvLinkedPair() {
        // the shape nvidia-smi prints for NVLink-joined GPUs (NV# = number of bonded links)
        NvidiaTopology t = NvidiaTopology.parse(List.of(
                "\tGPU0\tGPU1\tCPU Affinity\tNUMA Affinity\tGPU NUMA ID",
                "GPU0\t X \tNV12\t0-63\t0\t\tN/A",
                "GPU1\tNV12\t X \t0-63\t0\t\tN/A"));
        assertThat(t.allNvLinked(List.of(0, 1))).isTrue();
    }

    @Test
    void topo_withoutAMatrix_isAClearError() {
        assertThatThrownBy(() -> NvidiaTopology.parse(List.of("Failed to initialize NVML")))
                .isInstanceOf(DetectionException.class)
                .hasMessageContaining("no GPU matrix");
    }

    @Test
    void cpuinfo_realEpyc_listsItsSimdSets() throws IOException {
        assertThat(CpuFeatures.parse(fixture("linux/cpuinfo-amd-epyc-2-cores-dev-vm.txt")))
                .contains("AVX2", "FMA", "AVX512")
                .doesNotContain("NEON");
        assertThat(CpuFeatures.parse("")).isEmpty();
    }
}
