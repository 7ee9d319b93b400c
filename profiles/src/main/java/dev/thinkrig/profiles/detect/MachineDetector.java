package dev.thinkrig.profiles.detect;

import dev.thinkrig.sizing.Bandwidth;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.GpuDriver;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Host;
import dev.thinkrig.sizing.hardware.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Describes this machine as {@link Hardware}: CPU and memory from OSHI, NVIDIA GPUs from nvidia-smi. */
public final class MachineDetector {

    static final String ID = "detected";

    private static final Path PROC_MEMINFO = Path.of("/proc/meminfo");

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    // Compute capability (x10) from which tensor cores take FP8 (Ada sm_89, Hopper sm_90) and FP4 (Blackwell sm_100
    // and later): NVIDIA's Ada, Hopper and Blackwell architecture whitepapers.
    private static final int FP8_FROM_CAPABILITY = 89;
    private static final int FP4_FROM_CAPABILITY = 100;

    // MIG profile names give decimal gigabytes (NvidiaMig.Instance)
    private static final long BYTES_PER_GB = 1_000_000_000L;

    private MachineDetector() {}

    /**
     * Probes a machine: runs nvidia-smi, reads OSHI's facts and {@code /proc/meminfo}, and honours
     * {@code CUDA_VISIBLE_DEVICES}, all through {@code probes} (this machine, or a recorded support bundle).
     *
     * @param knownGpuByName the hardware presets' accelerator for a product name such as {@code NVIDIA GeForce RTX
     *     4090}, which supplies the bandwidth and compute nvidia-smi does not report
     * @throws DetectionException when a tool's output cannot be read
     */
    public static Hardware detect(Probes probes, Function<String, Optional<Accelerator>> knownGpuByName) {
        if (AppleSilicon.isMac(probes.system())) {
            Optional<Hardware> mac = AppleSilicon.detect(probes, knownGpuByName);
            if (mac.isPresent()) {
                return mac.get();
            }
        }
        Optional<String> cudaVisible = Optional.ofNullable(probes.env().get("CUDA_VISIBLE_DEVICES"));
        // CUDA_VISIBLE_DEVICES=MIG-<uuid>,... (Slurm, Kubernetes) selects MIG instances, which the GPU query does not
        // list: all GPUs are read, and the MIG listing picks the instance
        List<String> migSelected = cudaVisible.stream()
                .flatMap(v -> Arrays.stream(v.split(",", -1)))
                .map(String::strip)
                .takeWhile(e -> e.startsWith("MIG-"))
                .toList();
        NvidiaSmi.Listing listing =
                NvidiaSmi.list(probes.commands(), migSelected.isEmpty() ? cudaVisible : Optional.empty());
        Optional<Meminfo> meminfo = probes.file(PROC_MEMINFO).map(Meminfo::parse);
        if (listing.gpus().isEmpty()) {
            List<String> amdNotes = new ArrayList<>(listing.notes());
            List<RocmSmi.AmdGpu> amd = RocmSmi.query(probes, amdNotes);
            if (!amd.isEmpty()) {
                return RocmSmi.build(probes.system(), amd, meminfo, knownGpuByName, amdNotes);
            }
        }
        List<String> nvidiaNotes = new ArrayList<>(listing.notes());
        Optional<NvidiaSmiDetails> details = listing.gpus().isEmpty() ? Optional.empty() : details(probes, nvidiaNotes);
        List<NvidiaGpu> gpus = listing.gpus();
        List<NvidiaGpu> partitioned = migSelected.isEmpty()
                ? details.map(d -> gpus.stream()
                                .filter(g -> d.gpu(g.uuid(), g.index())
                                        .filter(NvidiaSmiDetails.GpuDetails::migEnabled)
                                        .isPresent())
                                .toList())
                        .orElse(List.of())
                : gpus; // MIG instances named: CUDA sees those and no whole GPU
        if (!migSelected.isEmpty()) {
            nvidiaNotes.add("CUDA_VISIBLE_DEVICES=" + cudaVisible.get() + " names MIG instances; CUDA uses the first,"
                    + " " + migSelected.get(0));
        }
        Hardware hardware;
        if (partitioned.isEmpty()) {
            hardware = build(probes.system(), gpus, meminfo, knownGpuByName);
            hardware = withTopology(hardware, gpus, probes);
        } else {
            List<NvidiaGpu> whole =
                    gpus.stream().filter(g -> !partitioned.contains(g)).toList();
            if (whole.isEmpty()) {
                hardware = mig(probes, partitioned, migSelected, meminfo, knownGpuByName);
            } else {
                hardware = build(probes.system(), whole, meminfo, knownGpuByName);
                hardware = withTopology(hardware, whole, probes);
                nvidiaNotes.add(names(partitioned) + " " + (partitioned.size() == 1 ? "has" : "have")
                        + " MIG enabled and " + (partitioned.size() == 1 ? "is" : "are")
                        + " left out of the plan, which uses the GPUs without MIG: " + names(whole));
            }
        }
        hardware = withCpuFeatures(hardware, probes);
        Optional<GpuDriver> driver = hardware.platform().isNvidia()
                ? gpus.stream()
                        .flatMap(g -> g.driverVersion().stream())
                        .findFirst()
                        .map(v -> new GpuDriver(v, details.flatMap(NvidiaSmiDetails::cudaVersion)))
                : Optional.empty();
        driver.flatMap(GpuDriver::cudaVersion)
                .ifPresent(cuda -> nvidiaNotes.add(
                        "the NVIDIA driver " + driver.get().version() + " supports CUDA " + cuda + " (nvidia-smi -q)"));
        return new Hardware(
                hardware.id(),
                hardware.name(),
                hardware.platform(),
                hardware.accelerators(),
                hardware.host(),
                Stream.concat(nvidiaNotes.stream(), hardware.notes().stream()).toList(),
                driver);
    }

    /** {@code nvidia-smi -q}'s CUDA version and MIG modes; an unreadable report is a note, not a failure. */
    private static Optional<NvidiaSmiDetails> details(Probes probes, List<String> notes) {
        try {
            return NvidiaSmiDetails.query(probes);
        } catch (DetectionException e) {
            notes.add("nvidia-smi -q could not be read (" + e.getMessage()
                    + "); the CUDA version and MIG mode are unknown");
            return Optional.empty();
        }
    }

    /**
     * GPUs with MIG enabled, none without: CUDA sees only their MIG instances, and a CUDA process uses one instance
     * (NVIDIA MIG User Guide, "CUDA Device Enumeration": only enumeration of a single MIG instance is supported;
     * https://docs.nvidia.com/datacenter/tesla/mig-user-guide/). The plan is for the instance {@code
     * CUDA_VISIBLE_DEVICES} names first, else for the largest.
     *
     * @param selected the {@code MIG-} entries of {@code CUDA_VISIBLE_DEVICES} (a unique prefix is enough), in order
     * @throws DetectionException when no instance is listed (MIG enabled but not partitioned: nothing can run), or
     *     when {@code selected} names none of the listed instances
     */
    private static Hardware mig(
            Probes probes,
            List<NvidiaGpu> partitioned,
            List<String> selected,
            Optional<Meminfo> meminfo,
            Function<String, Optional<Accelerator>> knownGpuByName) {
        List<Integer> indices = partitioned.stream().map(NvidiaGpu::index).toList();
        List<NvidiaMig.Instance> instances = NvidiaMig.query(probes).stream()
                .filter(i -> indices.contains(i.gpuIndex()))
                .toList();
        if (instances.isEmpty()) {
            throw new DetectionException(names(partitioned) + ": MIG is enabled but nvidia-smi -L lists no MIG"
                    + " instance, so no CUDA program can run on " + (partitioned.size() == 1 ? "it" : "them")
                    + ": create instances (sudo nvidia-smi mig -cgi <profile> -C) or disable MIG (sudo nvidia-smi"
                    + " -i <gpu> -mig 0)");
        }
        NvidiaMig.Instance largest;
        if (selected.isEmpty()) {
            largest = instances.stream()
                    .max(Comparator.comparingLong(
                                    (NvidiaMig.Instance i) -> i.memory().bytes())
                            .thenComparing(i -> -i.gpuIndex())
                            .thenComparing(i -> -i.device()))
                    .orElseThrow();
        } else {
            String first = selected.get(0);
            List<NvidiaMig.Instance> matches =
                    instances.stream().filter(i -> i.uuid().startsWith(first)).toList();
            if (matches.size() != 1) {
                throw new DetectionException("CUDA_VISIBLE_DEVICES names MIG instance " + first + ", which "
                        + (matches.isEmpty() ? "is not among" : "matches several of") + " the instances nvidia-smi -L"
                        + " lists: "
                        + instances.stream().map(NvidiaMig.Instance::uuid).collect(Collectors.joining(", ")));
            }
            largest = matches.get(0);
        }
        NvidiaGpu gpu = partitioned.stream()
                .filter(g -> g.index() == largest.gpuIndex())
                .findFirst()
                .orElseThrow();
        SystemFacts facts = probes.system();
        Hardware whole = build(facts, List.of(gpu), meminfo, knownGpuByName);
        Accelerator a = whole.accelerators().get(0);
        Accelerator slice = new Accelerator(
                gpu.displayName() + " MIG " + largest.profile(),
                a.architecture(),
                largest.memory(),
                largest.memory(),
                Optional.empty(),
                Optional.empty(),
                a.fp8(),
                a.fp4(),
                false,
                Optional.empty(),
                Optional.of(largest.uuid()));
        List<String> notes = new ArrayList<>();
        notes.add("CPU, cores and system memory from OSHI (" + facts.os() + ")");
        HostBandwidth.theoretical(facts.memoryModules()).ifPresent(estimate -> notes.add(estimate.note()));
        notes.add(names(partitioned) + ": MIG enabled (nvidia-smi -q), partitioned into "
                + instances.stream()
                        .map(i -> "GPU " + i.gpuIndex() + " " + i.profile())
                        .collect(Collectors.joining(", "))
                + "; a container sees only MIG instances and a CUDA process uses one, so the plan is for the"
                + (selected.isEmpty() ? " largest, " : " one CUDA_VISIBLE_DEVICES names, ") + largest.profile()
                + " on GPU " + largest.gpuIndex() + " (" + largest.uuid() + "), "
                + (largest.memory().bytes() / BYTES_PER_GB) + " GB (" + largest.memory()
                + ") as its profile name says (nvidia-smi -L)");
        notes.add("a MIG instance's share of memory bandwidth and compute is not known, so speed is not estimated;"
                + " run the engine on that instance: CUDA_VISIBLE_DEVICES=" + largest.uuid()
                + " (or docker run --gpus device=" + largest.uuid() + ")");
        return new Hardware(
                ID,
                "this machine (" + gpu.displayName() + " MIG " + largest.profile() + ")",
                Platform.NVIDIA,
                List.of(slice),
                whole.host(),
                notes);
    }

    /** Several GPUs all joined by NVLink can exchange tensors directly; say which way the GPUs connect. */
    private static Hardware withTopology(Hardware h, List<NvidiaGpu> gpus, Probes probes) {
        if (h.platform() != Platform.NVIDIA || gpus.size() < 2) {
            return h;
        }
        Optional<NvidiaTopology> topology;
        try {
            topology = NvidiaTopology.query(probes);
        } catch (DetectionException e) {
            // the matrix only refines peer-to-peer; an unreadable one leaves the presets' figures
            List<String> notes = new ArrayList<>(h.notes());
            notes.add("nvidia-smi topo -m could not be read (" + e.getMessage() + "); GPU links taken from presets");
            return new Hardware(h.id(), h.name(), h.platform(), h.accelerators(), h.host(), notes);
        }
        if (topology.isEmpty()) {
            return h;
        }
        List<Integer> indices = gpus.stream().map(NvidiaGpu::index).toList();
        List<String> notes = new ArrayList<>(h.notes());
        List<Accelerator> accelerators = h.accelerators();
        if (topology.get().allNvLinked(indices)) {
            notes.add("the GPUs are joined by NVLink (nvidia-smi topo -m)");
            accelerators = accelerators.stream()
                    .map(a -> new Accelerator(
                            a.name(),
                            a.architecture(),
                            a.memory(),
                            a.usableMemory(),
                            a.bandwidth(),
                            a.denseBf16(),
                            a.fp8(),
                            a.fp4(),
                            true,
                            a.wiredLimitMax(),
                            a.deviceId()))
                    .toList();
        } else {
            String link = topology.get().link(indices.get(0), indices.get(1)).orElse("unknown");
            notes.add("the GPUs connect over PCIe (" + link + " between GPU " + indices.get(0) + " and GPU "
                    + indices.get(1) + " in nvidia-smi topo -m), not NVLink");
        }
        return new Hardware(h.id(), h.name(), h.platform(), accelerators, h.host(), notes);
    }

    /** On CPU-only machines, the SIMD sets llama.cpp's CPU kernels will use. */
    private static Hardware withCpuFeatures(Hardware h, Probes probes) {
        if (h.platform() != Platform.CPU) {
            return h;
        }
        Optional<String> cpuinfo = probes.file(CPUINFO);
        if (cpuinfo.isEmpty()) {
            return h;
        }
        List<String> features = CpuFeatures.parse(cpuinfo.get());
        List<String> notes = new ArrayList<>(h.notes());
        notes.add(
                features.isEmpty()
                        ? "the CPU reports none of the SIMD sets llama.cpp accelerates (AVX2, AVX-512, NEON): expect slow decoding"
                        : "CPU SIMD for llama.cpp: " + String.join(", ", features));
        return new Hardware(h.id(), h.name(), h.platform(), h.accelerators(), h.host(), notes);
    }

    /**
     * The machine described by the probes' results.
     *
     * <ul>
     *   <li>no GPU: a CPU machine whose usable memory is what the OS reports available;
     *   <li>GPUs with memory: discrete NVIDIA, usable memory per GPU = nvidia-smi's free memory;
     *   <li>one GPU without a memory figure (GB10): unified memory, sized from MemTotal and MemAvailable.
     * </ul>
     *
     * Bandwidth and compute come from {@code knownGpuByName}; a GPU it does not know keeps them empty, with a note.
     */
    static Hardware build(
            SystemFacts facts,
            List<NvidiaGpu> gpus,
            Optional<Meminfo> meminfo,
            Function<String, Optional<Accelerator>> knownGpuByName) {
        Set<String> notes = new LinkedHashSet<>();
        notes.add("CPU, cores and system memory from OSHI (" + facts.os() + ")");
        Optional<HostBandwidth.Estimate> hostBandwidth = HostBandwidth.theoretical(facts.memoryModules());
        hostBandwidth.ifPresent(estimate -> notes.add(estimate.note()));
        Optional<Bandwidth> hostFigure = hostBandwidth.map(HostBandwidth.Estimate::bandwidth);

        if (gpus.isEmpty()) {
            notes.add("no GPU: the engine runs on the CPU; usable memory is what the OS reports available, "
                    + facts.memoryAvailable() + " of " + facts.memoryTotal());
            Host host = host(facts, facts.memoryTotal(), facts.memoryAvailable(), hostFigure);
            return new Hardware(
                    ID,
                    "this machine (" + facts.cpu() + ", CPU only)",
                    Platform.CPU,
                    List.of(),
                    host,
                    List.copyOf(notes));
        }

        List<NvidiaGpu> withoutMemory =
                gpus.stream().filter(g -> g.memoryTotal().isEmpty()).toList();
        if (!withoutMemory.isEmpty()) {
            if (gpus.size() > 1) {
                throw new DetectionException("nvidia-smi reports no memory for " + names(withoutMemory) + " among "
                        + gpus.size() + " GPUs; thinkrig knows a GPU without its own memory only as the single GPU"
                        + " of a GB10 (DGX Spark)");
            }
            return unified(facts, gpus.get(0), meminfo, knownGpuByName, hostFigure, notes);
        }

        List<Accelerator> accelerators = new ArrayList<>();
        for (NvidiaGpu gpu : gpus) {
            DataSize total = gpu.memoryTotal().orElseThrow();
            DataSize usable = gpu.memoryFree().orElse(total);
            if (gpu.memoryFree().isEmpty()) {
                notes.add(gpu.displayName() + ": nvidia-smi gave no free memory; all of it is assumed usable");
            }
            accelerators.add(accelerator(gpu, total, usable, knownGpuByName, notes));
        }
        notes.add("GPU memory and free memory from nvidia-smi" + driver(gpus)
                + "; free memory already leaves out what other processes hold");
        Host host = host(facts, facts.memoryTotal(), facts.memoryAvailable(), hostFigure);
        return new Hardware(ID, name(gpus), Platform.NVIDIA, accelerators, host, List.copyOf(notes));
    }

    private static Hardware unified(
            SystemFacts facts,
            NvidiaGpu gpu,
            Optional<Meminfo> meminfo,
            Function<String, Optional<Accelerator>> knownGpuByName,
            Optional<Bandwidth> hostFigure,
            Set<String> notes) {
        // The GPU has no memory of its own and shares system memory (hardware.md): planning uses that memory less
        // what the OS and other processes hold, which is MemAvailable.
        DataSize total = meminfo.map(Meminfo::memTotal).orElse(facts.memoryTotal());
        DataSize usable = meminfo.map(Meminfo::memAvailable).orElse(facts.memoryAvailable());
        notes.add(gpu.displayName() + " reports no memory of its own (nvidia-smi prints [N/A]): it shares system"
                + " memory, so its memory is MemTotal " + total + " and usable memory MemAvailable " + usable
                + (meminfo.isPresent() ? " from /proc/meminfo" : " as OSHI reports them (no /proc/meminfo)"));
        Accelerator accelerator = accelerator(gpu, total, usable, knownGpuByName, notes);
        // one pool: the CPU reads the same memory at the same speed as the GPU
        Optional<Bandwidth> hostBandwidth = hostFigure.or(accelerator::bandwidth);
        Host host = host(facts, total, usable, hostBandwidth);
        return new Hardware(
                ID, name(List.of(gpu)), Platform.NVIDIA_UNIFIED, List.of(accelerator), host, List.copyOf(notes));
    }

    private static Accelerator accelerator(
            NvidiaGpu gpu,
            DataSize memory,
            DataSize usable,
            Function<String, Optional<Accelerator>> knownGpuByName,
            Set<String> notes) {
        Optional<Accelerator> known = gpu.name().flatMap(knownGpuByName);
        if (known.isPresent()) {
            Accelerator k = known.get();
            notes.add(gpu.displayName() + ": bandwidth and compute from thinkrig's preset");
            return new Accelerator(
                    gpu.displayName(),
                    k.architecture(),
                    memory,
                    usable,
                    k.bandwidth(),
                    k.denseBf16(),
                    k.fp8(),
                    k.fp4(),
                    k.peerToPeer(),
                    Optional.empty());
        }
        notes.add(gpu.displayName() + " is not in thinkrig's presets: its memory bandwidth and compute are unknown,"
                + " so speed cannot be estimated"
                + (gpu.computeCapability().isPresent()
                        ? "; FP8/FP4 support follows" + " from compute capability "
                                + gpu.computeCapability().get()
                        : "")
                + "; peer-to-peer is assumed off");
        String architecture = gpu.architecture().orElse("unknown");
        int capability = gpu.architecture()
                .map(a -> Integer.parseInt(a.substring("sm_".length())))
                .orElse(0);
        return new Accelerator(
                gpu.displayName(),
                architecture,
                memory,
                usable,
                Optional.empty(),
                Optional.empty(),
                capability >= FP8_FROM_CAPABILITY,
                capability >= FP4_FROM_CAPABILITY,
                false,
                Optional.empty());
    }

    private static Host host(SystemFacts facts, DataSize memory, DataSize usable, Optional<Bandwidth> bandwidth) {
        return new Host(facts.cpu(), facts.physicalCores(), memory, usable, bandwidth, Optional.empty());
    }

    /** {@code this machine (2 x NVIDIA GeForce RTX 4090)}; different models are joined with {@code +}. */
    private static String name(List<NvidiaGpu> gpus) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        gpus.forEach(g -> counts.merge(g.displayName(), 1, Integer::sum));
        return counts.entrySet().stream()
                .map(e -> e.getValue() == 1 ? e.getKey() : e.getValue() + " x " + e.getKey())
                .collect(Collectors.joining(" + ", "this machine (", ")"));
    }

    private static String names(List<NvidiaGpu> gpus) {
        return gpus.stream().map(NvidiaGpu::displayName).collect(Collectors.joining(", "));
    }

    private static String driver(List<NvidiaGpu> gpus) {
        return gpus.stream()
                .flatMap(g -> g.driverVersion().stream())
                .findFirst()
                .map(v -> " (driver " + v + ")")
                .orElse("");
    }
}
