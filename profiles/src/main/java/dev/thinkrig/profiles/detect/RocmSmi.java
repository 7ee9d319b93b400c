package dev.thinkrig.profiles.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Host;
import dev.thinkrig.sizing.hardware.Platform;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * AMD GPUs from {@code rocm-smi --showproductname --showmeminfo vram --json}. Discrete cards are planned on their free
 * VRAM; APUs (Strix Halo, Strix Point, Phoenix) report only a small BIOS carve-out as VRAM and use system memory
 * through GTT, which Linux limits to half of the RAM by default (docs/calibration.md, "Strix Halo default GPU memory").
 */
final class RocmSmi {

    static final List<String> QUERY = List.of("rocm-smi", "--showproductname", "--showmeminfo", "vram", "--json");

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** GFX targets of AMD APUs (integrated GPUs sharing system memory): Strix Halo, Strix Point, Phoenix, Rembrandt. */
    static final Set<String> APU_TARGETS = Set.of("gfx1151", "gfx1150", "gfx1103", "gfx1035", "gfx1036");

    private static final ObjectMapper JSON = new ObjectMapper();

    private RocmSmi() {}

    /** One card as rocm-smi reports it. */
    record AmdGpu(String card, String name, String gfx, DataSize vramTotal, DataSize vramUsed) {

        boolean apu() {
            return APU_TARGETS.contains(gfx);
        }
    }

    static List<AmdGpu> query(Probes probes, List<String> notes) {
        Optional<CommandResult> r;
        try {
            r = probes.commands().run(QUERY, TIMEOUT);
        } catch (CommandTimeoutException e) {
            notes.add("rocm-smi did not answer within " + TIMEOUT.toSeconds() + " s; no AMD GPU planned");
            return List.of();
        }
        if (r.isEmpty()) {
            return List.of();
        }
        if (!r.get().succeeded()) {
            notes.add("rocm-smi failed (exit " + r.get().exitCode() + "): "
                    + r.get().firstMessageLine());
            return List.of();
        }
        return parse(String.join("\n", r.get().stdout()));
    }

    static List<AmdGpu> parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new DetectionException("rocm-smi's JSON cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new DetectionException("rocm-smi printed no JSON object");
        }
        List<AmdGpu> gpus = new ArrayList<>();
        for (Map.Entry<String, JsonNode> card : root.properties()) {
            if (!card.getKey().startsWith("card")) {
                continue; // "system" and other sections
            }
            JsonNode c = card.getValue();
            String name = text(c, "Card Series", "Card series", "Card SKU", "Card Model");
            gpus.add(new AmdGpu(
                    card.getKey(),
                    name.isEmpty() ? "AMD GPU" : name,
                    text(c, "GFX Version"),
                    bytes(c, "VRAM Total Memory (B)", card.getKey()),
                    bytes(c, "VRAM Total Used Memory (B)", card.getKey())));
        }
        return gpus;
    }

    static Hardware build(
            SystemFacts facts,
            List<AmdGpu> gpus,
            Optional<Meminfo> meminfo,
            Function<String, Optional<Accelerator>> knownGpuByName,
            List<String> notes) {
        DataSize total = meminfo.map(Meminfo::memTotal).orElse(facts.memoryTotal());
        DataSize available = meminfo.map(Meminfo::memAvailable).orElse(facts.memoryAvailable());
        Host host = new Host(facts.cpu(), facts.physicalCores(), total, available, Optional.empty(), Optional.empty());
        if (gpus.stream().anyMatch(AmdGpu::apu)) {
            AmdGpu apu = gpus.stream().filter(AmdGpu::apu).findFirst().orElseThrow();
            DataSize gtt = total.fraction(0.5);
            DataSize usable = available.compareTo(gtt) < 0 ? available : gtt;
            notes.add(apu.name() + " (" + apu.gfx() + ") is an APU: rocm-smi's " + apu.vramTotal() + " of VRAM is the "
                    + "BIOS carve-out; the GPU uses system memory through GTT, by default half of RAM, so " + usable
                    + " is planned (raise it with the amdgpu.gttsize / ttm.pages_limit kernel parameters)");
            Accelerator a = accelerator(apu, total, usable, knownGpuByName, notes);
            return new Hardware(
                    MachineDetector.ID,
                    "this machine (" + apu.name() + ", unified memory)",
                    Platform.AMD_UNIFIED,
                    List.of(a),
                    host,
                    notes);
        }
        List<Accelerator> accelerators = new ArrayList<>();
        for (AmdGpu g : gpus) {
            accelerators.add(
                    accelerator(g, g.vramTotal(), g.vramTotal().minusOrZero(g.vramUsed()), knownGpuByName, notes));
        }
        notes.add("free VRAM from rocm-smi: total less used per card");
        String name = gpus.size() == 1
                ? gpus.get(0).name()
                : gpus.size() + " x " + gpus.get(0).name();
        return new Hardware(MachineDetector.ID, "this machine (" + name + ")", Platform.AMD, accelerators, host, notes);
    }

    private static Accelerator accelerator(
            AmdGpu g,
            DataSize memory,
            DataSize usable,
            Function<String, Optional<Accelerator>> knownGpuByName,
            List<String> notes) {
        Optional<Accelerator> known = knownGpuByName.apply(g.name());
        if (known.isEmpty()) {
            notes.add(g.name() + " is not in thinkrig's presets: its bandwidth is unknown, so speed is not estimated");
        }
        return new Accelerator(
                g.name(),
                g.gfx().isEmpty() ? "amd" : g.gfx(),
                memory,
                usable,
                known.flatMap(Accelerator::bandwidth),
                known.flatMap(Accelerator::denseBf16),
                known.map(Accelerator::fp8).orElse(false),
                false,
                false,
                Optional.empty());
    }

    private static String text(JsonNode card, String... names) {
        for (String n : names) {
            if (card.hasNonNull(n) && !card.get(n).asText().isBlank()) {
                return card.get(n).asText().strip();
            }
        }
        return "";
    }

    private static DataSize bytes(JsonNode card, String name, String cardName) {
        String v = text(card, name);
        if (v.isEmpty()) {
            throw new DetectionException(
                    "rocm-smi reports no '" + name + "' for " + cardName + " (run with --showmeminfo vram)");
        }
        try {
            return DataSize.ofBytes(Long.parseLong(v));
        } catch (IllegalArgumentException e) { // not a number, or negative
            throw new DetectionException("rocm-smi's '" + name + "' for " + cardName + " is not a byte count: " + v);
        }
    }
}
