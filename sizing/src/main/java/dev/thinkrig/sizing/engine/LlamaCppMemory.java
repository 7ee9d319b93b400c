package dev.thinkrig.sizing.engine;

import dev.thinkrig.sizing.Bandwidth;
import dev.thinkrig.sizing.Compute;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Platform;
import dev.thinkrig.sizing.kv.KvCache;
import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.plan.DeviceMemory;
import dev.thinkrig.sizing.plan.MemoryBreakdown;
import dev.thinkrig.sizing.plan.Workload;
import dev.thinkrig.sizing.quant.WeightBreakdown;
import dev.thinkrig.sizing.speed.DecodePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Memory the way Ollama's llama.cpp runner allocates it: weights, a KV cache of {@code num_ctx x num_parallel} cells
 * allocated up front, a compute buffer, and a fixed reserve per GPU. A model goes on one GPU when it fits there,
 * otherwise its layers are split over all GPUs in proportion to their free memory (Ollama's scheduler).
 */
public final class LlamaCppMemory {

    /** Ollama's default num_batch, which is also llama.cpp's default micro-batch n_ubatch (api/types.go). */
    static final long BATCH_TOKENS = 512;

    /**
     * Memory Ollama keeps back on each CUDA or ROCm GPU for the runtime before placing layers:
     * {@code cudaMinimumMemory = 457 * format.MebiByte} (ollama discover/gpu.go; rocmMinimumMemory is the same).
     */
    static final DataSize GPU_RUNTIME_RESERVE = DataSize.ofMiB(457);

    /** The same reserve on Apple GPUs: {@code metalMinimumMemory = 512 * format.MebiByte} (discover/gpu_darwin.go). */
    static final DataSize METAL_RUNTIME_RESERVE = DataSize.ofMiB(512);

    /**
     * Free memory left on each device as a safety margin: llama.cpp's {@code --fit} targets 1024 MiB free per device
     * by default (common/arg.cpp, --fit-target).
     */
    public static final DataSize FIT_MARGIN = DataSize.ofMiB(1024);

    /**
     * llama.cpp rounds the KV cache up to a multiple of 256 cells with flash attention and 32 without
     * (src/llama-kv-cache.cpp, get_padding).
     */
    static final int KV_PADDING_FLASH_ATTENTION = 256;

    static final int KV_PADDING = 32;

    /**
     * How Ollama stores a multi-head latent attention cache: expanded to full per-head keys and values. Ollama's KV
     * estimate is {@code context x (key_length + value_length) x head_count_kv} per layer (fs/ggml/ggml.go, GraphSize),
     * and the DeepSeek-R1 GGUFs in its library carry {@code attn_kv_b} with key_length 192 and value_length 128, the
     * layout of llama.cpp's non-MLA path (an LM Studio log showed 78,080 MiB of f16 KV for 16,384 tokens of R1 671B,
     * sizing-facts.md). llama.cpp itself keeps the latent only for GGUFs converted with split attn_k_b / attn_v_b
     * (ggml-org/llama.cpp PR #12801) and, since PR #19067 (2026-01), without a V cache.
     */
    public static final KvCache.KvFormat KV_FORMAT = KvCache.KvFormat.EXPANDED;

    /**
     * Ollama's sliding-window cache keeps this many tokens per sequence besides the batch:
     * {@code numParallel x 4096 + batch} cells in each sliding layer (fs/ggml/ggml.go GraphSize, gpt-oss case;
     * reproduces the 450.0 MiB logged for gpt-oss-120b at 8,192 context, docs/calibration.md O6).
     */
    static final long OLLAMA_SWA_TOKENS_PER_SEQUENCE = 4096;

    /**
     * Fraction of the host's memory bandwidth the CPU reaches on the layers a partial offload leaves in system memory:
     * llama.cpp's CPU factor ({@link SpeedFactors#LLAMA_CPP_CPU}, llama.cpp issue #34).
     */
    static final double LLAMA_CPP_CPU_EFFICIENCY_FOR_OFFLOAD = SpeedFactors.LLAMA_CPP_CPU.bandwidthEfficiency();

    private LlamaCppMemory() {}

    /** Memory under {@code config}, and the reasons it does not fit (empty when it does). */
    public static EngineEvaluation evaluate(
            ModelSpec model, Hardware hardware, Workload workload, Configuration config, WeightBreakdown weights) {
        return evaluate(model, hardware, workload, config, weights, Calibration.NONE);
    }

    /**
     * The same, corrected by this machine's {@code calibration}: its activation ratio scales the compute buffer (what
     * the engine logged over what was planned; the weights match the file's bytes and are not scaled).
     */
    public static EngineEvaluation evaluate(
            ModelSpec model,
            Hardware hardware,
            Workload workload,
            Configuration config,
            WeightBreakdown weights,
            Calibration calibration) {
        ModelShape shape = model.shape();
        int slots = config.parallelSequences();
        long cells = pad(
                (long) config.contextTokens() * slots,
                config.flashAttention() ? KV_PADDING_FLASH_ATTENTION : KV_PADDING);
        DataSize kvPerToken = KvCache.bytesPerToken(shape, config.kvCacheType(), KV_FORMAT);
        DataSize slidingKv = shape.slidingWindow().isPresent()
                ? KvCache.slidingBytesPerCell(shape, config.kvCacheType(), KV_FORMAT)
                        .times(ollamaSlidingCells(slots))
                : DataSize.ZERO;
        DataSize kvTotal = kvPerToken.times(cells).plus(slidingKv);
        DataSize reasoningKv = kvPerToken.times((long) workload.reasoningBudgetTokens() * slots);
        DataSize compute = DataSize.ofBytes(
                calibration.scaleActivation(computeBuffer(shape, cells, config.flashAttention(), kvTotal, slots)
                        .bytes()));

        List<String> problems = new ArrayList<>();
        List<DeviceMemory> devices;
        if (!hardware.hasAccelerators()) {
            // CPU only: everything in system memory, no GPU runtime
            devices = List.of(new DeviceMemory(
                    "system memory",
                    DeviceMemory.SYSTEM_MEMORY,
                    weights.total(),
                    kvTotal,
                    compute,
                    DataSize.ZERO,
                    hardware.host().usableMemory(),
                    shape.layers()));
        } else if (hardware.platform().unifiedMemory()) {
            // one pool: the input embeddings llama.cpp keeps in host memory are in the same RAM
            Accelerator gpu = hardware.accelerators().get(0);
            devices = List.of(new DeviceMemory(
                    "GPU 0 (" + gpu.name() + ", unified memory)",
                    0,
                    weights.total(),
                    kvTotal,
                    compute,
                    hardware.platform() == Platform.APPLE ? METAL_RUNTIME_RESERVE : GPU_RUNTIME_RESERVE,
                    gpu.usableMemory(),
                    shape.layers()));
        } else if (config.partialOffload()) {
            devices = placePartially(hardware, shape, weights, kvTotal, compute, config.gpuLayers());
        } else {
            devices = new ArrayList<>(placeOnGpus(hardware, shape, weights, kvTotal, cells, compute));
            // llama.cpp keeps the input embedding table in host memory ("CPU_Mapped model buffer")
            devices.add(new DeviceMemory(
                    "system memory (input embeddings)",
                    DeviceMemory.SYSTEM_MEMORY,
                    weights.tokenEmbedding(),
                    DataSize.ZERO,
                    DataSize.ZERO,
                    DataSize.ZERO,
                    hardware.host().usableMemory(),
                    0));
        }
        Optional<DataSize> wiredLimitNeeded = Optional.empty();
        for (DeviceMemory d : devices) {
            DataSize limit = d.usable().minusOrZero(FIT_MARGIN);
            if (d.total().isGreaterThan(limit)) {
                Optional<DataSize> raised = wiredLimitNeeded(hardware, d);
                problems.add(String.format(
                                "%s needs %s, more than the %s it can fill (%s usable less %s kept free)",
                                d.device(), d.total(), limit, d.usable(), FIT_MARGIN)
                        + raised.map(w -> "; raising the GPU wired limit would fit: " + wiredLimitCommand(w))
                                .orElse(""));
                wiredLimitNeeded = raised;
            }
        }
        MemoryBreakdown memory = new MemoryBreakdown(
                kvPerToken, reasoningKv, cells, devices, slidingKv, KvCache.formatName(shape, KV_FORMAT));
        SpeedFactors f = SpeedFactors.forEngine(config.engine(), hardware.platform());
        DataSize slidingRead = shape.slidingWindow()
                .map(w -> KvCache.slidingBytesPerCell(shape, config.kvCacheType(), KV_FORMAT)
                        .times(Math.min(config.contextTokens(), w.window())))
                .orElse(DataSize.ZERO);
        return new EngineEvaluation(
                memory,
                problems,
                decodePath(hardware, shape, weights, kvPerToken, slidingRead, devices, f),
                prefillFlops(hardware, devices, f),
                problems.size() == 1 ? wiredLimitNeeded : Optional.empty());
    }

    /**
     * On Apple, the GPU working set that would hold {@code device} with the 1 GiB margin, when raising
     * {@code iogpu.wired_limit_mb} up to {@code wiredLimitMax} can give it; empty elsewhere or when even the maximum is
     * too small. The working set equals the limit set: {@code iogpu.wired_limit_mb=114688} gave a 112.00 GiB working set
     * on a 128 GiB M5 Max (antirez/ds4 PR #893, docs/calibration.md "Apple GPU working set").
     */
    static Optional<DataSize> wiredLimitNeeded(Hardware hardware, DeviceMemory device) {
        if (hardware.platform() != Platform.APPLE || device.accelerator() == DeviceMemory.SYSTEM_MEMORY) {
            return Optional.empty();
        }
        Optional<DataSize> max =
                hardware.accelerators().get(device.accelerator()).wiredLimitMax();
        DataSize needed = DataSize.ofMiB((device.total().plus(FIT_MARGIN).bytes() + DataSize.MIB - 1) / DataSize.MIB);
        return max.filter(m -> !needed.isGreaterThan(m)).map(m -> needed);
    }

    /** The command that raises the GPU working set to {@code workingSet} (rounded up to whole MiB). */
    public static String wiredLimitCommand(DataSize workingSet) {
        return "sudo sysctl iogpu.wired_limit_mb=" + wiredLimitMb(workingSet);
    }

    public static long wiredLimitMb(DataSize workingSet) {
        return (workingSet.bytes() + DataSize.MIB - 1) / DataSize.MIB;
    }

    /** Prefill runs on the slowest device that holds layers; NaN where its compute figure is unpublished. */
    private static double prefillFlops(Hardware hardware, List<DeviceMemory> devices, SpeedFactors f) {
        double slowest = Double.POSITIVE_INFINITY;
        for (DeviceMemory d : devices) {
            if (d.layers() == 0) {
                continue;
            }
            Optional<Compute> compute = d.accelerator() == DeviceMemory.SYSTEM_MEMORY
                    ? hardware.host().compute()
                    : hardware.accelerators().get(d.accelerator()).denseBf16();
            if (compute.isEmpty()) {
                return Double.NaN;
            }
            slowest = Math.min(slowest, compute.get().flopsPerSecond());
        }
        return slowest * f.computeEfficiency();
    }

    /** Cells in each sliding-window layer under Ollama: {@code numParallel x 4096 + batch} (see the constant). */
    public static long ollamaSlidingCells(int slots) {
        return slots * OLLAMA_SWA_TOKENS_PER_SEQUENCE + BATCH_TOKENS;
    }

    /**
     * Ollama's estimate of the llama.cpp compute graph with every layer on the GPU (fs/ggml/ggml.go, GraphSize,
     * "fullOffload"), by architecture; {@code batch} is 512 and {@code context} the KV cells of all slots:
     *
     * <ul>
     *   <li>llama: {@code max(logits, 4 x batch x (1 + 4 x embedding + context x (1 + heads)))};
     *   <li>qwen2/qwen3: {@code max(logits, 4 x batch x (1 + 2 x embedding + context + context x heads))};
     *   <li>deepseek2: {@code max(4 x batch x (3 x embedding + vocab), 4 x batch x (3 x embedding + 2 + context x (1 +
     *       kvHeads) + 2 x keyLength x kvHeads))}, with or without flash attention;
     *   <li>gpt-oss: with flash attention {@code (4 x numParallel + context / 1024 + 110) MiB}, without it
     *       {@code 2 x heads / kvHeads x KV / 6};
     *   <li>qwen3moe, phi3 (no case in GraphSize): the caller's fallback {@code heads / kvHeads x KV / 6}
     *       (llm/server.go).
     * </ul>
     *
     * where logits = {@code 4 x batch x (embedding + vocab)}. Flash attention never materializes the KQ matrix, so with
     * it on llama and qwen keep only the logits term.
     */
    static DataSize computeBuffer(ModelShape shape, long contextCells, boolean flashAttention, DataSize kv, int slots) {
        long embedding = shape.hiddenSize();
        long heads = shape.attentionHeads();
        long logits = 4 * BATCH_TOKENS * (embedding + shape.vocabSize());
        switch (shape.architecture()) {
            case DEEPSEEK2: {
                long keyLength = shape.latentAttention().orElseThrow().keyHeadDim();
                long kvHeads = shape.kvHeads();
                long wide = 4 * BATCH_TOKENS * (3 * embedding + shape.vocabSize());
                long attention =
                        4 * BATCH_TOKENS * (3 * embedding + 2 + contextCells * (1 + kvHeads) + 2 * keyLength * kvHeads);
                return DataSize.ofBytes(Math.max(wide, attention));
            }
            case GPT_OSS:
                if (flashAttention) {
                    return DataSize.ofMiB(4L * slots + contextCells / 1024 + 110);
                }
                return DataSize.ofBytes(2 * heads / shape.kvHeads() * kv.bytes() / 6);
            case QWEN3MOE:
            case PHI3:
                return DataSize.ofBytes(heads / shape.kvHeads() * kv.bytes() / 6);
            default:
                break;
        }
        if (flashAttention) {
            return DataSize.ofBytes(logits);
        }
        long attention = shape.architecture() == Architecture.LLAMA
                ? 4 * BATCH_TOKENS * (1 + 4 * embedding + contextCells * (1 + heads))
                : 4 * BATCH_TOKENS * (1 + 2 * embedding + contextCells + contextCells * heads);
        return DataSize.ofBytes(Math.max(logits, attention));
    }

    /**
     * One GPU when everything fits on the one with most usable memory (Ollama prefers a single GPU), otherwise layers
     * split over all GPUs in proportion to usable memory, the output layer on the last (llama.cpp's tensor split).
     */
    private static List<DeviceMemory> placeOnGpus(
            Hardware hardware,
            ModelShape shape,
            WeightBreakdown weights,
            DataSize kvAllLayers,
            long cells,
            DataSize compute) {
        List<Accelerator> gpus = hardware.accelerators();
        int best = 0;
        for (int i = 1; i < gpus.size(); i++) {
            if (gpus.get(i).usableMemory().isGreaterThan(gpus.get(best).usableMemory())) {
                best = i;
            }
        }
        DeviceMemory single = new DeviceMemory(
                label(best, gpus.get(best)),
                best,
                weights.withoutTokenEmbedding(),
                kvAllLayers,
                compute,
                GPU_RUNTIME_RESERVE,
                gpus.get(best).usableMemory(),
                shape.layers());
        if (gpus.size() == 1 || !single.total().isGreaterThan(single.usable().minusOrZero(FIT_MARGIN))) {
            return List.of(single);
        }
        long totalUsable =
                gpus.stream().mapToLong(g -> g.usableMemory().bytes()).sum();
        int layers = shape.layers();
        long kvPerLayer = kvAllLayers.bytes() / layers;
        List<DeviceMemory> out = new ArrayList<>();
        long cumulative = 0;
        int firstLayer = 0;
        for (int i = 0; i < gpus.size(); i++) {
            cumulative += gpus.get(i).usableMemory().bytes();
            int endLayer = i == gpus.size() - 1 ? layers : (int) Math.round((double) layers * cumulative / totalUsable);
            long layerWeights = 0;
            for (int l = firstLayer; l < endLayer; l++) {
                layerWeights += weights.perLayer().get(l).bytes();
            }
            boolean last = i == gpus.size() - 1;
            long w = layerWeights
                    + (last ? weights.output().bytes() + weights.global().bytes() : 0);
            out.add(new DeviceMemory(
                    label(i, gpus.get(i)),
                    i,
                    DataSize.ofBytes(w),
                    DataSize.ofBytes(kvPerLayer * (endLayer - firstLayer)),
                    compute,
                    GPU_RUNTIME_RESERVE,
                    gpus.get(i).usableMemory(),
                    endLayer - firstLayer));
            firstLayer = endLayer;
        }
        return out;
    }

    /**
     * The most repeating layers the GPUs hold, with the output layer, their KV, a compute buffer and the runtime reserve
     * each, when not all of them do; -1 when even the output layer alone does not fit, or when all layers fit (no
     * partial offload needed). Only for discrete GPUs.
     */
    public static int maxGpuLayers(
            ModelSpec model, Hardware hardware, Workload workload, Configuration config, WeightBreakdown weights) {
        if (!hardware.hasAccelerators() || hardware.platform().unifiedMemory()) {
            return -1;
        }
        ModelShape shape = model.shape();
        EngineEvaluation none = evaluate(model, hardware, workload, config.withGpuLayers(0), weights);
        if (!gpusFit(none)) {
            return -1;
        }
        int low = 0; // fits
        int high = shape.layers(); // all layers: not a partial offload
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (gpusFit(evaluate(model, hardware, workload, config.withGpuLayers(mid), weights))) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static boolean gpusFit(EngineEvaluation e) {
        return e.memory().perDevice().stream()
                .filter(d -> d.accelerator() != DeviceMemory.SYSTEM_MEMORY)
                .allMatch(d -> !d.total().isGreaterThan(d.usable().minusOrZero(FIT_MARGIN)));
    }

    /**
     * llama.cpp's partial offload: the last {@code gpuLayers} repeating layers and the output layer on the GPUs (split
     * in proportion to their usable memory, the output on the last), each GPU with a compute buffer and the runtime
     * reserve; the first layers, their KV and the input embeddings in system memory (src/llama-model.cpp: layers below
     * {@code i_gpu_start} go to the CPU, and the KV cache of a layer lives on that layer's device). The host's own
     * compute buffer is not counted (an assumption: the 1 GiB margin kept free covers it; llama.cpp logged a 114.53 MiB
     * CPU compute buffer for an 11.4 GiB Mixtral at n_ctx 512, ggml-org/llama.cpp issue #5137).
     */
    private static List<DeviceMemory> placePartially(
            Hardware hardware,
            ModelShape shape,
            WeightBreakdown weights,
            DataSize kvAllLayers,
            DataSize compute,
            int gpuLayers) {
        List<Accelerator> gpus = hardware.accelerators();
        int layers = shape.layers();
        int hostLayers = layers - gpuLayers;
        long kvPerLayer = kvAllLayers.bytes() / layers;
        long totalUsable =
                gpus.stream().mapToLong(g -> g.usableMemory().bytes()).sum();
        List<DeviceMemory> out = new ArrayList<>();
        long cumulative = 0;
        int firstLayer = hostLayers;
        for (int i = 0; i < gpus.size(); i++) {
            cumulative += gpus.get(i).usableMemory().bytes();
            boolean last = i == gpus.size() - 1;
            int endLayer = last ? layers : hostLayers + (int) Math.round((double) gpuLayers * cumulative / totalUsable);
            long w = layerBytes(weights, firstLayer, endLayer)
                    + (last ? weights.output().bytes() + weights.global().bytes() : 0);
            out.add(new DeviceMemory(
                    label(i, gpus.get(i)),
                    i,
                    DataSize.ofBytes(w),
                    DataSize.ofBytes(kvPerLayer * (endLayer - firstLayer)),
                    compute,
                    GPU_RUNTIME_RESERVE,
                    gpus.get(i).usableMemory(),
                    endLayer - firstLayer));
            firstLayer = endLayer;
        }
        out.add(new DeviceMemory(
                "system memory (" + hostLayers + " layers, input embeddings)",
                DeviceMemory.SYSTEM_MEMORY,
                DataSize.ofBytes(layerBytes(weights, 0, hostLayers)
                        + weights.tokenEmbedding().bytes()),
                DataSize.ofBytes(kvPerLayer * hostLayers),
                DataSize.ZERO,
                DataSize.ZERO,
                hardware.host().usableMemory(),
                hostLayers));
        return out;
    }

    private static long layerBytes(WeightBreakdown weights, int from, int to) {
        long sum = 0;
        for (int l = from; l < to; l++) {
            sum += weights.perLayer().get(l).bytes();
        }
        return sum;
    }

    private static DecodePath decodePath(
            Hardware hardware,
            ModelShape shape,
            WeightBreakdown weights,
            DataSize kvPerToken,
            DataSize slidingRead,
            List<DeviceMemory> devices,
            SpeedFactors f) {
        double kvPerLayer = (double) kvPerToken.bytes() / shape.layers();
        double slidingPerLayer = (double) slidingRead.bytes() / shape.layers();
        // in layer order: under a partial offload system memory holds the first layers
        boolean partial = hardware.hasAccelerators()
                && devices.stream().anyMatch(d -> d.accelerator() == DeviceMemory.SYSTEM_MEMORY && d.layers() > 0);
        List<DeviceMemory> holdingLayers = devices.stream()
                .filter(d -> d.layers() > 0)
                .sorted(java.util.Comparator.comparing(d -> d.accelerator() != DeviceMemory.SYSTEM_MEMORY))
                .toList();
        List<DecodePath.Stage> stages = new ArrayList<>();
        int firstLayer = 0;
        for (DeviceMemory d : holdingLayers) {
            boolean host = d.accelerator() == DeviceMemory.SYSTEM_MEMORY;
            Optional<Double> bandwidth = host
                    ? hardware.host().bandwidth().map(Bandwidth::bytesPerSecond)
                    : hardware.accelerators().get(d.accelerator()).bandwidth().map(Bandwidth::bytesPerSecond);
            if (host && partial) {
                // the host's layers run on the CPU at the CPU's efficiency; the path divides by the GPU's, so the
                // bandwidth is scaled to give bandwidth x CPU efficiency
                bandwidth = bandwidth.map(b -> b * LLAMA_CPP_CPU_EFFICIENCY_FOR_OFFLOAD / f.bandwidthEfficiency());
            }
            // the input embedding is a lookup of one row per token, never read whole
            double read = holdingLayers.size() == 1
                    ? weights.withoutTokenEmbedding().bytes()
                    : host
                            ? d.weights().minusOrZero(weights.tokenEmbedding()).bytes()
                            : d.weights().bytes();
            double experts =
                    weights.routedExperts(firstLayer, firstLayer + d.layers()).bytes();
            firstLayer += d.layers();
            // an unknown bandwidth makes every speed NaN, shown as "unknown", rather than a guess
            stages.add(new DecodePath.Stage(
                    read,
                    experts,
                    kvPerLayer * d.layers(),
                    slidingPerLayer * d.layers(),
                    bandwidth.orElse(Double.NaN)));
        }
        return new DecodePath(
                stages,
                f.bandwidthEfficiency(),
                f.secondsPerLayerStep() * shape.layers(),
                flopsPerToken(shape, weights),
                weights.activeExpertShare());
    }

    /**
     * Matrix work per generated token: 2 FLOPs per active parameter (routed experts the token is not sent to excluded),
     * the input embedding lookup excluded.
     */
    static double flopsPerToken(ModelShape shape, WeightBreakdown weights) {
        return 2.0 * (weights.activeParameters() - shape.vocabSize() * shape.hiddenSize());
    }

    private static String label(int index, Accelerator gpu) {
        return "GPU " + index + " (" + gpu.name() + ")";
    }

    static long pad(long value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
