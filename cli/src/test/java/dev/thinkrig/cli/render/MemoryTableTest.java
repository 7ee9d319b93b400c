package dev.thinkrig.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thinkrig.deploy.api.OllamaApi;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.plan.DeviceMemory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryTableTest {

    private static final long GIB = DataSize.GIB;

    private static DeviceMemory device(String name, int index, long weights, long kv) {
        return new DeviceMemory(
                name,
                index,
                DataSize.ofBytes(weights),
                DataSize.ofBytes(kv),
                DataSize.ofMiB(512),
                DataSize.ZERO,
                DataSize.ofGiB(24),
                28);
    }

    private static final DeviceMemory SYSTEM = device("system memory", DeviceMemory.SYSTEM_MEMORY, 2 * GIB, GIB / 2);
    private static final DeviceMemory GPU0 = device("GPU 0 (NVIDIA GeForce RTX 4090)", 0, 18 * GIB, 2 * GIB);

    @Test
    void ollamaOnCpu_measuresSystemMemoryFromApiPs() {
        // size 3 GiB, none of it in VRAM: all 3 GiB are host memory; planned 2 + 0.5 + 0.5 GiB = 3 GiB
        List<MemoryTable.Row> rows = MemoryTable.rows(
                List.of(SYSTEM),
                "ollama",
                true,
                List.of(new OllamaApi.LoadedModel("deepseek-r1:1.5b", 3 * GIB, 0, 4096)),
                Map.of(),
                "no nvidia-smi");

        assertThat(rows)
                .containsExactly(new MemoryTable.Row(
                        "system memory",
                        DataSize.ofGiB(3),
                        Optional.of(DataSize.ofGiB(3)),
                        "Ollama /api/ps: size - size_vram"));
    }

    @Test
    void ollamaOnOneGpu_withoutNvidiaSmi_usesSizeVram() {
        List<MemoryTable.Row> rows = MemoryTable.rows(
                List.of(GPU0),
                "ollama",
                true,
                List.of(new OllamaApi.LoadedModel("qwq:32b", 21 * GIB, 21 * GIB, 16384)),
                Map.of(),
                "no nvidia-smi");

        assertThat(rows.get(0).measured()).hasValue(DataSize.ofGiB(21));
        assertThat(rows.get(0).source()).isEqualTo("Ollama /api/ps: size_vram");
    }

    @Test
    void vllm_withNvidiaSmi_measuresTheGpu_andSaysHostMemoryIsNotMeasurable() {
        List<MemoryTable.Row> rows = MemoryTable.rows(
                List.of(GPU0, SYSTEM), "vllm", false, List.of(), Map.of(0, DataSize.ofMiB(22_000)), "");

        assertThat(rows.get(0).measured()).hasValue(DataSize.ofMiB(22_000));
        assertThat(rows.get(0).source()).startsWith("nvidia-smi memory.used");
        assertThat(rows.get(1).measured()).isEmpty();
        assertThat(rows.get(1).source()).isEqualTo("not measurable here: vllm reports no host memory");
    }

    @Test
    void vllm_withoutNvidiaSmi_saysNotMeasurable() {
        List<MemoryTable.Row> rows =
                MemoryTable.rows(List.of(GPU0), "vllm", false, List.of(), Map.of(), "no nvidia-smi");

        assertThat(rows.get(0).measured()).isEmpty();
        assertThat(rows.get(0).source()).isEqualTo("not measurable here: no nvidia-smi");
    }

    @Test
    void render_showsPlannedMeasuredAndTheDifference() {
        List<String> lines = MemoryTable.render(List.of(
                new MemoryTable.Row(
                        "system memory", DataSize.ofGiB(2), Optional.of(DataSize.ofMiB(2150)), "Ollama /api/ps"),
                new MemoryTable.Row(
                        "GPU 0", DataSize.ofGiB(20), Optional.empty(), "not measurable here: no nvidia-smi")));

        assertThat(lines)
                .containsExactly(
                        "  device            planned    measured  difference  measured by",
                        "  system memory    2.00 GiB    2.10 GiB       +5.0%  Ollama /api/ps",
                        "  GPU 0           20.00 GiB           -              not measurable here: no nvidia-smi");
    }
}
