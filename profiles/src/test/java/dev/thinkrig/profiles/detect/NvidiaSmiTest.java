package dev.thinkrig.profiles.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.sizing.DataSize;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NvidiaSmiTest {

    static List<String> fixture(String path) throws IOException {
        try (InputStream in = NvidiaSmiTest.class.getResourceAsStream("/fixtures/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static NvidiaGpu gpu(int index, String uuid, long totalMiB, long freeMiB) {
        return new NvidiaGpu(
                index,
                uuid,
                "NVIDIA GeForce RTX 4090",
                Optional.of(DataSize.ofMiB(totalMiB)),
                Optional.of(DataSize.ofMiB(totalMiB - freeMiB)),
                Optional.of(DataSize.ofMiB(freeMiB)),
                "550.127.05",
                "8.9");
    }

    @Test
    void parse_gb10WithHeader_reportsNoMemory_soItIsUnified() throws IOException {
        List<NvidiaGpu> gpus = NvidiaSmi.parse(fixture("nvidia-smi-query/gb10-csv-header-nvitop-pr208.txt"));
        assertThat(gpus).hasSize(1);
        assertThat(gpus.get(0).total()).isEmpty();
        assertThat(gpus.get(0).free()).isEmpty();
        assertThat(gpus.get(0).unifiedMemory()).isTrue();
    }

    @Test
    void parse_gb10WithoutHeader_usesTheQueriedColumns() throws IOException {
        List<NvidiaGpu> gpus = NvidiaSmi.parse(
                fixture("nvidia-smi-query/gb10-csv-noheader-nounits-marimo-pr6822.txt"),
                List.of("index", "name", "memory.total", "memory.used", "memory.free"));
        assertThat(gpus).singleElement().satisfies(g -> {
            assertThat(g.name()).isEqualTo("NVIDIA GB10");
            assertThat(g.unifiedMemory()).isTrue();
        });
    }

    @Test
    void parse_withoutHeader_isRejectedClearly() throws IOException {
        // the query asks for a header; output without one (someone else's query) must not be misread
        assertThatThrownBy(
                        () -> NvidiaSmi.parse(fixture("nvidia-smi-query/gb10-csv-noheader-nounits-marimo-pr6822.txt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no header line");
    }

    @Test
    void parse_unitsInValues_twoRtx4090s() throws IOException {
        List<NvidiaGpu> gpus = NvidiaSmi.parse(
                fixture("nvidia-smi-query/2x-rtx4090-name-memtotal-csv-noheader-cloudunet-notes-REPO-UNIDENTIFIED.txt"),
                List.of("name", "memory.total"));
        assertThat(gpus).hasSize(2);
        assertThat(gpus).allSatisfy(g -> assertThat(g.total()).contains(DataSize.ofMiB(24564)));
        assertThat(gpus).extracting(NvidiaGpu::index).containsExactly(0, 1);
    }

    @Test
    void parse_ourQuery_readsEveryColumn_andANameWithACommaStaysWhole() {
        List<NvidiaGpu> gpus = NvidiaSmi.parse(List.of(
                "index, uuid, memory.total [MiB], memory.used [MiB], memory.free [MiB], driver_version, compute_cap, name",
                "0, GPU-3f0a, 81559, 1024, 80535, 565.57.01, 9.0, NVIDIA H100 80GB HBM3",
                "1, GPU-77b1, 24564, 0, 24564, 565.57.01, 8.9, Acme, Inc. Accelerator"));
        assertThat(gpus.get(0).free()).contains(DataSize.ofMiB(80535));
        assertThat(gpus.get(0).architecture()).isEqualTo("sm_90");
        assertThat(gpus.get(1).name()).isEqualTo("Acme, Inc. Accelerator");
    }

    @Test
    void parse_malformedAndEmpty() throws IOException {
        assertThatThrownBy(() -> NvidiaSmi.parse(fixture("nvidia-smi-query/malformed-short-row.txt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1 has 4 columns, the header 8");
        assertThat(NvidiaSmi.parse(fixture("nvidia-smi-query/empty.txt"))).isEmpty();
    }

    @Test
    void visible_followsCudaVisibleDevices() {
        List<NvidiaGpu> gpus = List.of(gpu(0, "GPU-aaa1", 24564, 24000), gpu(1, "GPU-bbb2", 24564, 20000));
        assertThat(NvidiaSmi.visible(gpus, null)).hasSize(2);
        assertThat(NvidiaSmi.visible(gpus, "1")).extracting(NvidiaGpu::index).containsExactly(1);
        assertThat(NvidiaSmi.visible(gpus, "GPU-bbb"))
                .extracting(NvidiaGpu::index)
                .containsExactly(1);
        assertThat(NvidiaSmi.visible(gpus, "")).isEmpty();
        // CUDA stops at the first invalid entry
        assertThat(NvidiaSmi.visible(gpus, "0,7,1"))
                .extracting(NvidiaGpu::index)
                .containsExactly(0);
    }

    @Test
    void query_missingOrHungTool_isNotAnError() {
        List<String> notes = new java.util.ArrayList<>();
        assertThat(NvidiaSmi.query((c, t) -> CommandRunner.CommandResult.of(CommandRunner.Status.NOT_FOUND), notes))
                .isEmpty();
        assertThat(notes).isEmpty();
        assertThat(NvidiaSmi.query((c, t) -> CommandRunner.CommandResult.of(CommandRunner.Status.TIMED_OUT), notes))
                .isEmpty();
        assertThat(notes).singleElement().asString().contains("did not answer");
    }
}
