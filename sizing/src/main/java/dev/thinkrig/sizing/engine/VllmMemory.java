package dev.thinkrig.sizing.engine;

import dev.thinkrig.sizing.Bandwidth;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Platform;
import dev.thinkrig.sizing.kv.KvCache;
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

/**
 * Memory the way vLLM (and NIM's vLLM profiles) allocates it on each tensor-parallel rank, for one release: a budget of
 * {@code gpu_memory_utilization x} torch's device total, from which the weights of the rank, the activation peak of a
 * profiling run and non-torch memory (and from v0.21 CUDA graphs) are taken; the rest is the KV pool ({@link
 * VllmBudget}, term by term; {@link VllmRegime} says what each release profiles). vLLM refuses to start when the pool
 * cannot hold one sequence of {@code --max-model-len}, or when less than the budget is free at start.
 */
public final class VllmMemory {

    /** vLLM's default {@code --gpu-memory-utilization} (vllm/config/cache.py, gpu_memory_utilization = 0.9). */
    public static final double DEFAULT_GPU_MEMORY_UTILIZATION = 0.9;

    /**
     * What torch's device total ({@code torch.cuda.mem_get_info()[1]}, the figure vLLM multiplies by the utilization)
     * lacks against nvidia-smi's {@code memory.total} on a discrete GPU: H100 80GB 81,559 MiB vs 79.18 GiB (0.467 GiB;
     * nvidia-smi fixture of hardware/h100-80gb.yaml, vLLM's "Free memory on device (78.57/79.18 GiB)" in
     * llm-d/llm-d-benchmark config_explorer/empirical-vllm-memory-results.md), 24 GB RTX card 24,576 MiB vs 23.58
     * GiB (0.42 GiB; "total_gpu_memory (23.58GiB)", vllm PR #14447); the larger is used. Held back: 79.22 GiB on an
     * 80 GB card in vllm PR #10511 (0.43 GiB). A unified-memory preset already gives torch's total.
     */
    public static final DataSize TORCH_UNREPORTED = DataSize.parse("0.47 GiB");

    /**
     * The CUDA context and library handles a process holds outside vLLM's budget; the figure Ollama reserves per
     * CUDA GPU for the same purpose (cudaMinimumMemory = 457 MiB, ollama discover/gpu.go).
     */
    static final DataSize CUDA_CONTEXT = DataSize.ofMiB(457);

    /**
     * vLLM keeps multi-head latent attention compressed: {@code kv_lora_rank + qk_rope_head_dim} elements per token
     * and layer (576 x 61 x 2 bytes = 70,272 bytes for DeepSeek-R1 at bf16; sizing-facts.md), and every tensor-parallel
     * rank holds the whole latent (the MLA backends do not split it by head).
     */
    static final KvCache.KvFormat KV_FORMAT = KvCache.KvFormat.LATENT;

    /**
     * vLLM's default KV block size (16 tokens, vllm/config/cache.py block_size): a sliding-window layer keeps the
     * window plus the block being written.
     */
    static final int BLOCK_TOKENS = 16;

    private VllmMemory() {}

    /** The utilization thinkrig plans when the user gives none: vLLM's default, lowered to what is free at start. */
    public static double defaultUtilization(Accelerator gpu) {
        double free = (double) gpu.usableMemory().minusOrZero(CUDA_CONTEXT).bytes()
                / gpu.memory().bytes();
        return Math.min(DEFAULT_GPU_MEMORY_UTILIZATION, Math.floor(free * 100) / 100);
    }

    /**
     * vLLM's default {@code max_num_seqs} for the OpenAI server of {@code version} on {@code gpu}: V0's 256
     * (vllm/config.py SchedulerConfig), V1's 1,024 on GPUs of at least 70 GiB that are not A100s and 256 elsewhere
     * (vllm/engine/arg_utils.py {@code get_batch_defaults}). thinkrig's compose always sets {@code --max-num-seqs}; this
     * is what a log of a hand-started vLLM ran with when it does not say.
     */
    public static int defaultMaxNumSeqs(EngineVersion version, Accelerator gpu) {
        if (VllmRegime.of(version) == VllmRegime.V0) {
            return VllmProfiling.V0_MAX_NUM_SEQS;
        }
        return VllmProfiling.largeGpu(gpu.memory(), gpu.name())
                ? VllmProfiling.V1_MAX_NUM_SEQS_LARGE_GPU
                : VllmProfiling.V1_MAX_NUM_SEQS_OTHER_GPU;
    }

    /** Memory under {@code config} for the pinned image's vLLM, and the reasons it does not fit. */
    public static EngineEvaluation evaluate(
            ModelSpec model, Hardware hardware, Workload workload, Configuration config, WeightBreakdown weights) {
        return evaluate(model, hardware, workload, config, weights, EngineReleases.VLLM_PINNED, Calibration.NONE);
    }

    /** Memory under {@code config} for vLLM {@code version}, and the reasons it does not fit. */
    public static EngineEvaluation evaluate(
            ModelSpec model,
            Hardware hardware,
            Workload workload,
            Configuration config,
            WeightBreakdown weights,
            EngineVersion version,
            Calibration calibration) {
        ModelShape shape = model.shape();
        int tp = config.tensorParallel();
        int nodes = config.nodes();
        List<String> problems = new ArrayList<>();
        // the GPUs used on each node (identical nodes): a stage's TP ranks, or this node's share of a TP group
        List<Accelerator> gpus = hardware.accelerators()
                .subList(
                        0,
                        Math.min(config.ranks() / nodes, hardware.accelerators().size()));
        if (shape.attentionHeads() % tp != 0) {
            problems.add("vLLM needs the " + shape.attentionHeads() + " attention heads to divide by the tensor "
                    + "parallel size " + tp);
        }
        // vocabulary-parallel embeddings and head, column/row-parallel linears; norms replicate (negligible)
        // pipeline stages hold an equal share of the layers (an approximation: vLLM puts the embeddings on the first
        // stage and lm_head on the last)
        DataSize weightsPerRank = weightsPerRank(shape, config, weights);
        DataSize kvPerToken = KvCache.bytesPerToken(shape, config.kvCacheType(), KV_FORMAT);
        DataSize kvPerTokenPerRank = kvPerTokenPerRank(shape, config);
        DataSize slidingPerSequencePerRank = slidingPerSequencePerRank(shape, config);
        DataSize slidingPerRank = slidingPerSequencePerRank.times(config.parallelSequences());

        long neededTokens = (long) workload.concurrency()
                * (workload.promptTokens() + (long) workload.samples() * workload.generatedTokensPerSequence());
        DataSize reasoningKv = kvPerToken.times((long) workload.reasoningBudgetTokens() * workload.sequences());

        VllmBudget b = budget(
                hardware, shape, config, weightsPerRank, kvPerTokenPerRank, slidingPerRank, version, calibration);
        weightsPerRank = b.weights();
        DataSize budget = b.budget();
        DataSize activation = b.activation();
        DataSize runtime = b.nonTorch().plus(b.cudaGraphs());
        DataSize pool = b.kvPool();
        long capacity = b.kvCapacityTokens();

        if (!pool.isGreaterThan(DataSize.ZERO)) {
            problems.add(String.format(
                    "weights (%s per GPU), activations (%s) and runtime (%s) exceed the vLLM budget of %s per GPU "
                            + "(%.2f x torch's %s): vLLM %s refuses to start (no available memory for the cache "
                            + "blocks)",
                    weightsPerRank,
                    activation,
                    b.subtracted().minusOrZero(weightsPerRank).minusOrZero(activation),
                    budget,
                    config.gpuMemoryUtilization(),
                    b.torchTotal(),
                    version));
        } else if (capacity < config.contextTokens()) {
            problems.add(String.format(
                    "the KV pool (%s per GPU) holds %,d tokens, fewer than one %,d-token sequence: vLLM refuses to "
                            + "start (vLLM %s); the largest --max-model-len that fits is %,d",
                    pool, capacity, config.contextTokens(), version, capacity));
        } else if (capacity < neededTokens) {
            problems.add(String.format(
                    "the workload keeps %,d tokens in cache at once (%d x (%,d prompt + %d x %,d generated)) but the "
                            + "KV pool holds %,d",
                    neededTokens,
                    workload.concurrency(),
                    workload.promptTokens(),
                    workload.samples(),
                    workload.generatedTokensPerSequence(),
                    capacity));
        }
        for (int i = 0; i < gpus.size(); i++) {
            DataSize freeAfterContext = gpus.get(i).usableMemory().minusOrZero(CUDA_CONTEXT);
            if (budget.isGreaterThan(freeAfterContext)) {
                problems.add(String.format(
                        "GPU %d has %s free after its CUDA context, less than the %s vLLM claims at start; "
                                + "--gpu-memory-utilization %.2f would fit",
                        i,
                        freeAfterContext,
                        budget,
                        Math.floor((double) freeAfterContext.bytes()
                                        / gpus.get(i).memory().bytes()
                                        * 100)
                                / 100));
            }
        }

        List<DeviceMemory> devices = new ArrayList<>();
        for (int n = 0; n < nodes; n++)
            for (int i = 0; i < gpus.size(); i++) {
                devices.add(new DeviceMemory(
                        (nodes > 1 ? "node " + n + " " : "") + "GPU " + i + " ("
                                + gpus.get(i).name() + ")",
                        i,
                        weightsPerRank,
                        kvPerTokenPerRank.times(neededTokens).plus(slidingPerRank),
                        activation,
                        runtime,
                        budget,
                        shape.layers()));
            }
        MemoryBreakdown memory = new MemoryBreakdown(
                kvPerToken,
                reasoningKv,
                Math.max(0, capacity),
                devices,
                slidingPerRank.times((long) gpus.size() * nodes),
                KvCache.formatName(shape, KV_FORMAT));
        SpeedFactors f = SpeedFactors.forEngine(config.engine(), hardware.platform());
        double prefill = gpus.get(0)
                .denseBf16()
                .map(c -> c.flopsPerSecond() * tp * f.computeEfficiency())
                .orElse(Double.NaN);
        return new EngineEvaluation(
                memory,
                problems,
                decodePath(gpus.get(0), shape, weights, kvPerTokenPerRank, slidingPerSequencePerRank, config, f),
                prefill);
    }

    /**
     * vLLM's arithmetic for one rank of {@code config} under {@code version}: the terms its start-up log reports, for
     * comparing a plan with a log (and for {@link #evaluate}).
     */
    public static VllmBudget budget(
            Hardware hardware, ModelSpec model, Configuration config, WeightBreakdown weights, EngineVersion version) {
        return budget(hardware, model, config, weights, version, Calibration.NONE);
    }

    /** The same, corrected by this machine's {@code calibration}. */
    public static VllmBudget budget(
            Hardware hardware,
            ModelSpec model,
            Configuration config,
            WeightBreakdown weights,
            EngineVersion version,
            Calibration calibration) {
        ModelShape shape = model.shape();
        return budget(
                hardware,
                shape,
                config,
                weightsPerRank(shape, config, weights),
                kvPerTokenPerRank(shape, config),
                slidingPerSequencePerRank(shape, config).times(config.parallelSequences()),
                version,
                calibration);
    }

    /**
     * The vLLM terms of one planned configuration (a plan's {@code shown()} or an alternative's config), with the
     * weights and engine release the planner used for it.
     */
    public static VllmBudget budget(dev.thinkrig.sizing.plan.PlanRequest request, Configuration config) {
        if (!config.engine().usesKvPool()) {
            throw new IllegalArgumentException(config.engine().id() + " has no vLLM KV pool");
        }
        ModelSpec model = request.model();
        WeightBreakdown weights = model.measuredWeights().containsKey(config.quantization())
                ? model.measuredWeights().get(config.quantization())
                : dev.thinkrig.sizing.quant.Weights.of(
                        model.shape(), config.quantization(), config.engine().weightFormat());
        return budget(
                request.hardware(),
                model,
                config,
                weights,
                request.engineVersion(config.engine()),
                request.calibration(config.engine()));
    }

    private static VllmBudget budget(
            Hardware hardware,
            ModelShape shape,
            Configuration config,
            DataSize weightsPerRank,
            DataSize kvPerTokenPerRank,
            DataSize slidingPerRank,
            EngineVersion version,
            Calibration calibration) {
        VllmRegime regime = VllmRegime.of(version);
        weightsPerRank = DataSize.ofBytes(calibration.scaleWeights(weightsPerRank.bytes()));
        int tp = config.tensorParallel();
        List<Accelerator> gpus = hardware.accelerators()
                .subList(
                        0,
                        Math.min(
                                config.ranks() / config.nodes(),
                                hardware.accelerators().size()));
        Accelerator smallest = smallestGpu(gpus);
        DataSize torchTotal = hardware.platform() == Platform.NVIDIA
                ? smallest.memory().minusOrZero(TORCH_UNREPORTED)
                : smallest.memory();
        DataSize budget = torchTotal.fraction(config.gpuMemoryUtilization());
        long tokens = VllmProfiling.profiledTokens(regime, smallest.memory(), smallest.name(), config.contextTokens());
        DataSize activation = DataSize.ofBytes(
                calibration.scaleActivation(VllmProfiling.activationPeak(shape, tp, tokens, config.parallelSequences())
                        .bytes()));
        DataSize nonTorch = DataSize.ofBytes(Math.max(
                0, VllmProfiling.nonTorch(version, config.ranks()).bytes() + calibration.nonTorchDeltaBytes()));
        DataSize graphs = VllmProfiling.CUDA_GRAPHS;
        DataSize taken = weightsPerRank.plus(activation).plus(nonTorch);
        if (regime.graphsInBudget()) {
            taken = taken.plus(graphs);
        }
        long pool = budget.bytes() - taken.bytes();
        long capacity = Math.max(0, pool - slidingPerRank.bytes()) / kvPerTokenPerRank.bytes();
        return new VllmBudget(
                version,
                regime,
                torchTotal,
                config.gpuMemoryUtilization(),
                budget,
                weightsPerRank,
                activation,
                nonTorch,
                graphs,
                regime.graphsInBudget(),
                pool,
                kvPerTokenPerRank,
                capacity,
                tokens,
                config.parallelSequences());
    }

    /**
     * A rank's weights: the checkpoint's bytes split over the ranks, plus the padding vLLM's MXFP4 MoE kernels add to
     * the expert tensors ({@link VllmProfiling#mxfp4ExpertPadding}).
     */
    private static DataSize weightsPerRank(ModelShape shape, Configuration config, WeightBreakdown weights) {
        int ranks = config.tensorParallel() * config.pipelineParallel();
        long bytes = weights.total().bytes();
        if (config.quantization() == dev.thinkrig.sizing.quant.Quantization.MXFP4) {
            bytes += (long) (weights.routedExperts().bytes()
                    * (VllmProfiling.mxfp4ExpertPadding(shape, config.tensorParallel()) - 1));
        }
        return DataSize.ofBytes((bytes + ranks - 1) / ranks);
    }

    /**
     * A rank's KV bytes per token of full-attention context: KV heads split over the ranks (a replica of one where
     * there are fewer heads than ranks; a latent cache is not split at all), layers over the pipeline stages.
     */
    private static DataSize kvPerTokenPerRank(ModelShape shape, Configuration config) {
        DataSize kvPerToken = KvCache.bytesPerToken(shape, config.kvCacheType(), KV_FORMAT);
        return DataSize.ofBytes(
                perRank(shape, kvPerToken, kvHeadsPerRank(shape, config)).bytes() / config.pipelineParallel());
    }

    /** Sliding-window layers keep the window (plus the block being written) per sequence, whatever the context. */
    private static DataSize slidingPerSequencePerRank(ModelShape shape, Configuration config) {
        long slidingCells = shape.slidingWindow()
                .map(w -> Math.min((long) config.contextTokens(), w.window() + BLOCK_TOKENS))
                .orElse(0L);
        return perRank(
                shape,
                KvCache.slidingBytesPerCell(shape, config.kvCacheType(), KV_FORMAT)
                        .times(slidingCells / config.pipelineParallel()),
                kvHeadsPerRank(shape, config));
    }

    private static int kvHeadsPerRank(ModelShape shape, Configuration config) {
        return Math.max(1, shape.kvHeads() / config.tensorParallel());
    }

    private static Accelerator smallestGpu(List<Accelerator> gpus) {
        return gpus.stream().min((x, y) -> x.memory().compareTo(y.memory())).orElseThrow();
    }

    /** A rank's share of a whole-model KV size: its KV heads for grouped-query attention, all of a latent cache. */
    private static DataSize perRank(ModelShape shape, DataSize whole, int kvHeadsPerRank) {
        if (shape.latentAttention().isPresent()) {
            return whole;
        }
        return DataSize.ofBytes(whole.bytes() / shape.kvHeads() * kvHeadsPerRank);
    }

    /**
     * One decode step reads each rank's share of the weights and KV in parallel, and waits for
     * {@link SpeedFactors#ALL_REDUCES_PER_LAYER} all-reduces per layer between the ranks, each taking
     * {@link SpeedFactors#allReduceSeconds} (NVLink / peer-to-peer, or staged through host memory without it).
     */
    private static DecodePath decodePath(
            Accelerator gpu,
            ModelShape shape,
            WeightBreakdown weights,
            DataSize kvPerTokenPerRank,
            DataSize slidingPerSequencePerRank,
            Configuration config,
            SpeedFactors f) {
        int tp = config.tensorParallel();
        int pp = config.pipelineParallel();
        // tensor parallel across nodes: every all-reduce crosses the network
        double allReduceSeconds = config.tensorParallelAcrossNodes()
                ? SpeedFactors.NODE_LINK_ALL_REDUCE_SECONDS
                : SpeedFactors.allReduceSeconds(gpu.peerToPeer());
        double allReduces =
                tp > 1 ? (double) SpeedFactors.ALL_REDUCES_PER_LAYER * shape.layers() * allReduceSeconds : 0;
        // pipeline stages run one after another for one token; each boundary sends the hidden state over the link
        double stageHops = (pp - 1) * SpeedFactors.NODE_LINK_ALL_REDUCE_SECONDS;
        DecodePath.Stage share = new DecodePath.Stage(
                (double) weights.withoutTokenEmbedding().bytes() / (tp * pp),
                (double) weights.routedExperts().bytes() / (tp * pp),
                kvPerTokenPerRank.bytes(),
                slidingPerSequencePerRank.bytes(),
                gpu.bandwidth().map(Bandwidth::bytesPerSecond).orElse(Double.NaN));
        return new DecodePath(
                java.util.Collections.nCopies(pp, share),
                f.bandwidthEfficiency(),
                f.secondsPerLayerStep() * shape.layers() + allReduces + stageHops,
                LlamaCppMemory.flopsPerToken(shape, weights),
                weights.activeExpertShare());
    }
}
