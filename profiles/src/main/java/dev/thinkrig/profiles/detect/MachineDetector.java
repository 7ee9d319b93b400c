package dev.thinkrig.profiles.detect;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Host;
import dev.thinkrig.sizing.hardware.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** This machine as thinkrig plans for it: CPU and memory from OSHI, NVIDIA GPUs from nvidia-smi. */
public final class MachineDetector {

    private MachineDetector() {}

    /** Runs the probes: OSHI, nvidia-smi, and /proc/meminfo for GPUs that share system memory. */
    public static Hardware detect(
            CommandRunner runner, Map<String, String> env, Function<String, Optional<Accelerator>> knownGpuByName) {
        List<String> notes = new ArrayList<>();
        List<NvidiaGpu> gpus = NvidiaSmi.visible(NvidiaSmi.query(runner, notes), env.get("CUDA_VISIBLE_DEVICES"));
        Optional<Meminfo> meminfo = Optional.empty();
        Path proc = Path.of("/proc/meminfo");
        if (Files.isReadable(proc)) {
            try {
                meminfo = Meminfo.parse(Files.readString(proc));
            } catch (IOException e) {
                notes.add("could not read /proc/meminfo: " + e.getMessage());
            }
        }
        return build(OshiProbe.read(), gpus, meminfo, knownGpuByName, notes);
    }

    /**
     * The machine from probe results. GPUs with memory make an NVIDIA machine planned on their free memory; a GPU
     * without a memory figure (GB10) makes a unified-memory machine planned on available system memory; no GPU makes a
     * CPU-only machine planned on available RAM. Bandwidth and compute come from the preset of a GPU of the same name.
     */
    public static Hardware build(
            SystemFacts facts,
            List<NvidiaGpu> gpus,
            Optional<Meminfo> meminfo,
            Function<String, Optional<Accelerator>> knownGpuByName,
            List<String> probeNotes) {
        List<String> notes = new ArrayList<>(probeNotes);
        DataSize available = meminfo.map(Meminfo::available).orElse(facts.memoryAvailable());
        DataSize total = meminfo.map(Meminfo::total).orElse(facts.memoryTotal());
        Host host = new Host(
                facts.cpu(),
                facts.physicalCores(),
                total,
                available.compareTo(total) > 0 ? total : available,
                facts.memoryBandwidth(),
                Optional.empty());
        if (facts.memoryBandwidth().isEmpty()) {
            notes.add("system memory bandwidth is not reported here, so CPU speed is unknown; a hardware file with "
                    + "host.bandwidth fixes that");
        } else {
            notes.add("system memory bandwidth " + facts.memoryBandwidth().get()
                    + " is the modules' theoretical rate, assuming one module per channel");
        }
        if (gpus.isEmpty()) {
            notes.add("no GPU found: planning on " + host.usableMemory() + " of available system memory (" + total
                    + " in all)");
            return new Hardware(
                    "detected", "this machine (" + facts.cpu() + ", CPU only)", Platform.CPU, List.of(), host, notes);
        }
        if (gpus.stream().anyMatch(NvidiaGpu::unifiedMemory)) {
            NvidiaGpu gpu = gpus.get(0);
            Accelerator known = knownGpuByName.apply(gpu.name()).orElse(null);
            notes.add(gpu.name() + " reports no memory of its own (unified memory): planning on " + host.usableMemory()
                    + " of available system memory");
            Accelerator a = new Accelerator(
                    gpu.name(),
                    gpu.architecture(),
                    total,
                    host.usableMemory(),
                    known == null ? Optional.empty() : known.bandwidth(),
                    known == null ? Optional.empty() : known.denseBf16(),
                    known != null && known.fp8(),
                    known != null && known.fp4(),
                    false,
                    Optional.empty());
            unknownNote(gpu, known, notes);
            return new Hardware(
                    "detected",
                    "this machine (" + gpu.name() + ", unified memory)",
                    Platform.NVIDIA_UNIFIED,
                    List.of(a),
                    host,
                    notes);
        }
        List<Accelerator> accelerators = new ArrayList<>();
        for (NvidiaGpu gpu : gpus) {
            Accelerator known = knownGpuByName.apply(gpu.name()).orElse(null);
            DataSize memory = gpu.total().orElseThrow();
            DataSize free = gpu.free().orElse(memory);
            accelerators.add(new Accelerator(
                    gpu.name(),
                    known == null ? gpu.architecture() : known.architecture(),
                    memory,
                    free.compareTo(memory) > 0 ? memory : free,
                    known == null ? Optional.empty() : known.bandwidth(),
                    known == null ? Optional.empty() : known.denseBf16(),
                    known != null && known.fp8(),
                    known != null && known.fp4(),
                    known != null && known.peerToPeer(),
                    Optional.empty()));
            unknownNote(gpu, known, notes);
        }
        notes.add("free GPU memory from nvidia-smi (driver " + gpus.get(0).driverVersion() + "): "
                + accelerators.stream()
                        .map(a -> a.usableMemory() + " of " + a.memory())
                        .collect(Collectors.joining(", ")));
        String names = gpus.stream().map(NvidiaGpu::name).distinct().collect(Collectors.joining(" + "));
        return new Hardware(
                "detected",
                "this machine (" + (gpus.size() > 1 ? gpus.size() + " x " : "") + names + ")",
                Platform.NVIDIA,
                accelerators,
                host,
                notes);
    }

    private static void unknownNote(NvidiaGpu gpu, Accelerator known, List<String> notes) {
        if (known == null) {
            notes.add(gpu.name() + " is not among thinkrig's presets: its bandwidth and compute are unknown, so "
                    + "speed is not estimated (memory is)");
        }
    }
}
