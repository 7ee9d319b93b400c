package dev.thinkrig.cli.render;

import dev.thinkrig.deploy.api.OllamaApi;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.plan.DeviceMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The plan's memory per device next to what the running engine uses: Ollama's {@code /api/ps} ({@code size} and {@code
 * size_vram}, docs/api.md "List Running Models" in the Ollama repository) and nvidia-smi's {@code memory.used}. A row
 * with nothing to measure says why.
 */
public final class MemoryTable {

    /**
     * One device.
     *
     * @param measured empty when nothing here measures this device
     * @param source how it was measured, or why it was not ({@code not measurable here: no nvidia-smi})
     */
    public record Row(String device, DataSize planned, Optional<DataSize> measured, String source) {}

    private MemoryTable() {}

    /**
     * @param loaded what Ollama's {@code /api/ps} listed; empty with {@code ollama} false for other engines
     * @param gpuUsed nvidia-smi's {@code memory.used} by GPU index; empty when not measured
     * @param gpuUnavailable why {@code gpuUsed} is empty ({@code no nvidia-smi})
     */
    public static List<Row> rows(
            List<DeviceMemory> planned,
            String engine,
            boolean ollama,
            List<OllamaApi.LoadedModel> loaded,
            Map<Integer, DataSize> gpuUsed,
            String gpuUnavailable) {
        long gpuRows = planned.stream()
                .filter(d -> d.accelerator() != DeviceMemory.SYSTEM_MEMORY)
                .count();
        long size = loaded.stream().mapToLong(OllamaApi.LoadedModel::size).sum();
        long vram = loaded.stream().mapToLong(OllamaApi.LoadedModel::sizeVram).sum();
        List<Row> rows = new ArrayList<>();
        for (DeviceMemory d : planned) {
            DataSize plan = d.total();
            if (d.accelerator() == DeviceMemory.SYSTEM_MEMORY) {
                if (ollama && !loaded.isEmpty()) {
                    rows.add(new Row(
                            d.device(),
                            plan,
                            Optional.of(DataSize.ofBytes(size - vram)),
                            "Ollama /api/ps: size - size_vram"));
                } else {
                    rows.add(new Row(
                            d.device(),
                            plan,
                            Optional.empty(),
                            ollama
                                    ? "not measurable here: /api/ps lists no loaded model"
                                    : "not measurable here: " + engine + " reports no host memory"));
                }
            } else if (gpuUsed.containsKey(d.accelerator())) {
                rows.add(new Row(
                        d.device(),
                        plan,
                        Optional.of(gpuUsed.get(d.accelerator())),
                        "nvidia-smi memory.used (the whole GPU, other processes included)"));
            } else if (ollama && !loaded.isEmpty() && gpuRows == 1) {
                rows.add(new Row(d.device(), plan, Optional.of(DataSize.ofBytes(vram)), "Ollama /api/ps: size_vram"));
            } else {
                rows.add(new Row(
                        d.device(),
                        plan,
                        Optional.empty(),
                        "not measurable here: "
                                + (gpuUnavailable.isEmpty() ? "nvidia-smi does not list this GPU" : gpuUnavailable)
                                + (ollama && !loaded.isEmpty()
                                        ? "; Ollama's size_vram over all GPUs: " + DataSize.ofBytes(vram)
                                        : "")));
            }
        }
        return rows;
    }

    /** The table as text lines, a header first. */
    public static List<String> render(List<Row> rows) {
        int width = Math.max(
                "device".length(),
                rows.stream().mapToInt(r -> r.device().length()).max().orElse(0));
        String format = "  %-" + width + "s  %10s  %10s  %10s  %s";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, format, "device", "planned", "measured", "difference", "measured by"));
        for (Row r : rows) {
            lines.add(String.format(
                    Locale.ROOT,
                    format,
                    r.device(),
                    r.planned(),
                    r.measured().map(DataSize::toString).orElse("-"),
                    r.measured().map(m -> difference(r.planned(), m)).orElse(""),
                    r.source()));
        }
        return lines;
    }

    /** {@code +4.1%}: how far the measurement is above (+) or below (-) the plan. */
    static String difference(DataSize planned, DataSize measured) {
        if (planned.bytes() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%+.1f%%", 100.0 * (measured.bytes() - planned.bytes()) / planned.bytes());
    }
}
