package dev.thinkrig.sizing.engine;

import dev.thinkrig.sizing.Bandwidth;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
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
import java.util.Locale;

/**
 * Memory the way vLLM (and NIM's vLLM profiles) allocates it on each tensor-parallel rank: a budget of
 * {@code gpu_memory_utilization x total}, from which the weights of the rank, the activation peak of a profiling pass,
 * non-torch memory and CUDA graphs are taken; the rest is the KV pool. vLLM refuses to start when the pool cannot hold
 * one sequence of {@code --max-model-len}, or when less than the budget is free at start.
 */
public final class VllmMemory {

    /** vLLM's default {@code --gpu-memory-utilization} (vllm/config/cache.py, gpu_memory_utilization = 0.9). */
    public static final double DEFAULT_GPU_MEMORY_UTILIZATION = 0.9;

    /**
     * Default {@code max_num_batched_tokens} of the OpenAI server: 8192 on GPUs with at least 70 GiB that are not
     * A100s, 2048 elsewhere (vllm/engine/arg_utils.py, get_batch_defaults, UsageContext.OPENAI_API_SERVER).
     */
    static final long BATCHED_TOKENS_LARGE_GPU = 8192;

    static final long BATCHED_TOKENS_OTHER_GPU = 2048;

    static final DataSize LARGE_GPU = DataSize.ofGiB(70);

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

    /** Memory under {@code config}, and the reasons it does not fit. */
    public static EngineEvaluation evaluate(
            ModelSpec model, Hardware hardware, Workload workload, Configuration config, WeightBreakdown weights) {
        ModelShape shape = model.shape();
        int tp = config.tensorParallel();
        int pp = config.pipelineParallel();
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
        DataSize weightsPerRank = DataSize.ofBytes((weights.total().bytes() + tp * pp - 1) / (tp * pp));
        // KV heads split over ranks; when there are fewer heads than ranks each rank keeps a replica of one;
        // a latent cache is not split at all
        int kvHeadsPerRank = Math.max(1, shape.kvHeads() / tp);
        DataSize kvPerToken = KvCache.bytesPerToken(shape, config.kvCacheType(), KV_FORMAT);
        DataSize kvPerTokenPerRank =
                DataSize.ofBytes(perRank(shape, kvPerToken, kvHeadsPerRank).bytes() / pp);
        // sliding-window layers keep the window (plus the block being written) per sequence, whatever the context
        long slidingCells = shape.slidingWindow()
                .map(w -> Math.min((long) config.contextTokens(), w.window() + BLOCK_TOKENS))
                .orElse(0L);
        DataSize slidingPerSequencePerRank = perRank(
                shape,
                KvCache.slidingBytesPerCell(shape, config.kvCacheType(), KV_FORMAT)
                        .times(slidingCells / pp),
                kvHeadsPerRank);
        DataSize slidingPerRank = slidingPerSequencePerRank.times(config.parallelSequences());

        long neededTokens = (long) workload.concurrency()
                * (workload.promptTokens() + (long) workload.samples() * workload.generatedTokensPerSequence());
        DataSize reasoningKv = kvPerToken.times((long) workload.reasoningBudgetTokens() * workload.sequences());

        Accelerator smallest =
                gpus.stream().min((a, b) -> a.memory().compareTo(b.memory())).orElseThrow();
        DataSize budget = smallest.memory().fraction(config.gpuMemoryUtilization());
        long batchedTokens = smallest.memory().compareTo(LARGE_GPU) >= 0
                        && !smallest.name().toLowerCase(Locale.ROOT).contains("a100")
                ? BATCHED_TOKENS_LARGE_GPU
                : BATCHED_TOKENS_OTHER_GPU;
        DataSize activation = VllmProfile.activationPeak(shape, tp, batchedTokens, config.parallelSequences());
        DataSize runtime = VllmProfile.nonTorch(tp * pp).plus(VllmProfile.cudaGraphs());
        DataSize pool = budget.minusOrZero(weightsPerRank.plus(activation).plus(runtime));
        long capacity = pool.minusOrZero(slidingPerRank).bytes() / kvPerTokenPerRank.bytes();

        if (!pool.isGreaterThan(DataSize.ZERO)) {
            problems.add(String.format(
                    "weights (%s per GPU), activations (%s) and runtime (%s) exceed the vLLM budget of %s per GPU "
                            + "(%.2f x %s)",
                    weightsPerRank, activation, runtime, budget, config.gpuMemoryUtilization(), smallest.memory()));
        } else if (capacity < config.contextTokens()) {
            problems.add(String.format(
                    "the KV pool (%s per GPU) holds %,d tokens, fewer than one %,d-token sequence: vLLM refuses to "
                            + "start; the largest --max-model-len that fits is %,d",
                    pool, capacity, config.contextTokens(), capacity));
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
