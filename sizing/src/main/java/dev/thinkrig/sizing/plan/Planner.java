package dev.thinkrig.sizing.plan;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.engine.EngineEvaluation;
import dev.thinkrig.sizing.engine.EngineSupport;
import dev.thinkrig.sizing.engine.LlamaCppMemory;
import dev.thinkrig.sizing.engine.NimProfile;
import dev.thinkrig.sizing.engine.NimProfiles;
import dev.thinkrig.sizing.engine.OllamaDefaults;
import dev.thinkrig.sizing.engine.VllmMemory;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.model.NimRequirement;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightBreakdown;
import dev.thinkrig.sizing.quant.WeightFormat;
import dev.thinkrig.sizing.quant.Weights;
import dev.thinkrig.sizing.speed.SpeedEstimate;
import dev.thinkrig.sizing.speed.SpeedModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Searches engines x quantizations x KV cache types x contexts x tensor-parallel sizes for the configurations that fit,
 * ranks them (quantization quality tier first, then KV cache quality, then context, then decode speed) and says why
 * the others do not fit.
 */
public final class Planner {

    /** Context lengths tried above the minimum a request needs (powers of two up to the model's maximum). */
    private static final int FIRST_CONTEXT_STEP = 8192;

    private static final int CONTEXT_ROUNDING = 1024;

    private static final int[] TENSOR_PARALLEL_SIZES = {1, 2, 4, 8};

    /** Ranks fitting configurations, best first. */
    public static final Comparator<Evaluation> RANKING = Comparator.comparing(
                    (Evaluation e) -> e.config().partialOffload())
            .thenComparingInt((Evaluation e) -> e.config().quantization().qualityTier())
            .thenComparingInt(e -> e.config().kvCacheType().qualityRank())
            .thenComparing(Planner::contextThenSpeed);

    /**
     * Longer context first, then faster; but between two partial offloads, faster first: there every token of context
     * takes GPU room a layer could use, and layers read from system memory set the pace.
     */
    private static int contextThenSpeed(Evaluation a, Evaluation b) {
        Comparator<Evaluation> context = Comparator.comparingInt(
                        (Evaluation e) -> e.config().contextTokens())
                .reversed();
        Comparator<Evaluation> speed = Comparator.comparingDouble(
                        (Evaluation e) -> e.speed().decodeTokensPerSecond())
                .reversed();
        boolean partial = a.config().partialOffload() && b.config().partialOffload();
        return (partial ? speed.thenComparing(context) : context.thenComparing(speed)).compare(a, b);
    }

    /**
     * Plans {@code request}. Sizes are counted in bytes with exact arithmetic; a workload whose memory passes what a
     * long counts (8 EiB, far beyond any machine) is refused as a request to lower, not reported as an overflow.
     */
    public Plan plan(PlanRequest request) {
        try {
            return planChecked(request);
        } catch (ArithmeticException e) {
            throw new PlanException(String.format(
                    "%s with %,d sequences of up to %,d tokens needs more memory than can be counted (over 8 EiB, far"
                            + " beyond any machine): lower --samples, --concurrency or --context",
                    request.model().name(),
                    request.workload().sequences(),
                    request.contextTokens().orElse(request.workload().tokensPerSequence())));
        }
    }

    private Plan planChecked(PlanRequest request) {
        ModelSpec model = request.model();
        Hardware hardware = request.hardware();
        List<Rejection> rejections = new ArrayList<>();
        Map<String, List<Evaluation>> byFamily = new LinkedHashMap<>();
        // one computation per quantization and file format (BF16 differs between GGUF and safetensors: F32 norms)
        Map<WeightFormat, Map<Quantization, WeightBreakdown>> weightsCache = new EnumMap<>(WeightFormat.class);

        List<Engine> engines = request.engine().map(List::of).orElse(List.of(Engine.values()));
        for (Engine engine : engines) {
            Optional<String> unsupported = EngineSupport.whyNot(engine, hardware);
            if (unsupported.isPresent()) {
                rejections.add(new Rejection(engine.id(), unsupported.get()));
                continue;
            }
            List<Quantization> served = model.quantizationsFor(engine);
            if (served.isEmpty()) {
                rejections.add(new Rejection(
                        engine.id(),
                        engine == Engine.NIM
                                ? "NVIDIA publishes no NIM for " + model.name()
                                : "the catalog lists no " + engine.id() + " build of " + model.name()));
                continue;
            }
            List<Quantization> quants = request.quantization()
                    .map(q -> served.contains(q) ? List.of(q) : List.<Quantization>of())
                    .orElse(served);
            if (quants.isEmpty()) {
                rejections.add(new Rejection(
                        engine.id() + " " + request.quantization().get().name(),
                        model.name() + " is served by " + engine.id() + " in " + names(served) + " only"));
                continue;
            }
            for (Quantization quant : quants) {
                String family = engine.id() + " " + quant.name();
                Optional<String> quantProblem = EngineSupport.whyNot(engine, quant, hardware);
                if (quantProblem.isPresent()) {
                    rejections.add(new Rejection(family, quantProblem.get()));
                    continue;
                }
                List<Evaluation> tried = new ArrayList<>();
                for (Configuration config : configurations(request, engine, quant, rejections, family)) {
                    // measured bytes from the model's own file win over the shape's computed ones
                    WeightBreakdown weights = weightsCache
                            .computeIfAbsent(engine.weightFormat(), f -> new EnumMap<>(Quantization.class))
                            .computeIfAbsent(
                                    quant,
                                    q -> model.measuredWeights().containsKey(q)
                                            ? model.measuredWeights().get(q)
                                            : Weights.of(model.shape(), q, engine.weightFormat()));
                    Evaluation full = evaluate(request, config, weights);
                    tried.add(full);
                    if (!full.fits() && engine == Engine.OLLAMA) {
                        // llama.cpp on discrete GPUs: the layers that fit on the GPUs, the rest in system memory
                        int gpuLayers = LlamaCppMemory.maxGpuLayers(
                                request.model(), hardware, request.workload(), config, weights);
                        if (gpuLayers >= 0) {
                            tried.add(evaluate(request, config.withGpuLayers(gpuLayers), weights));
                        }
                    }
                }
                if (!tried.isEmpty()) {
                    byFamily.put(family, tried);
                }
            }
        }

        List<Evaluation> bestPerFamily = new ArrayList<>();
        Evaluation closest = null;
        for (Map.Entry<String, List<Evaluation>> family : byFamily.entrySet()) {
            Optional<Evaluation> best =
                    family.getValue().stream().filter(Evaluation::fits).min(RANKING);
            if (best.isPresent()) {
                bestPerFamily.add(best.get());
            } else {
                Evaluation leastDemanding = family.getValue().stream()
                        .min(Comparator.comparingDouble(Planner::overshoot))
                        .orElseThrow();
                rejections.add(
                        new Rejection(family.getKey(), leastDemanding.problems().get(0)));
                if (closest == null || overshoot(leastDemanding) < overshoot(closest)) {
                    closest = leastDemanding;
                }
            }
        }
        bestPerFamily.sort(RANKING);
        List<Evaluation> reported = new ArrayList<>();
        for (Evaluation e : bestPerFamily) {
            reported.add(report(request, e, weightsCache));
        }
        Optional<Evaluation> chosen = reported.stream().findFirst();
        List<Evaluation> alternatives = reported.size() > 1 ? reported.subList(1, reported.size()) : List.of();
        // Apple: the best configuration a raised GPU wired limit would let fit, when it beats what fits today
        Optional<WiredLimitAdvice> wiredLimit = byFamily.values().stream()
                .flatMap(List::stream)
                .filter(e -> e.wiredLimitNeeded().isPresent())
                .min(RANKING)
                .filter(e -> chosen.isEmpty() || RANKING.compare(e, chosen.get()) < 0)
                .map(e -> new WiredLimitAdvice(e, e.wiredLimitNeeded().get()));
        if (chosen.isEmpty() && wiredLimit.isPresent()) {
            closest = wiredLimit.get().evaluation();
        }
        Optional<Evaluation> shownClosest = chosen.isPresent()
                ? Optional.empty()
                : Optional.ofNullable(closest).map(e -> report(request, e, weightsCache));
        return new Plan(
                request,
                chosen,
                shownClosest,
                alternatives,
                rejections,
                wiredLimit,
                nimAutomaticProfile(hardware, byFamily));
    }

    /**
     * The profile NIM would pick on its own: among the generic vLLM profiles of the NIM configurations that fit (the
     * catalog lists no optimized TensorRT-LLM profiles), by NVIDIA's order ({@link NimProfiles#PREFERENCE}).
     */
    private static Optional<NimProfile> nimAutomaticProfile(Hardware hardware, Map<String, List<Evaluation>> byFamily) {
        List<NimProfile> fitting = byFamily.values().stream()
                .flatMap(List::stream)
                .filter(e -> e.config().engine() == Engine.NIM && e.fits())
                .map(e -> NimProfile.of(e.config()))
                .distinct()
                .toList();
        return NimProfiles.automatic(fitting, hardware, p -> true);
    }

    /** An evaluation as the plan reports it: with the largest context that fits and the engine's own notes. */
    private static Evaluation report(
            PlanRequest request, Evaluation e, Map<WeightFormat, Map<Quantization, WeightBreakdown>> weightsCache) {
        Configuration config = e.config();
        WeightBreakdown weights =
                weightsCache.get(config.engine().weightFormat()).get(config.quantization());
        List<String> notes = new ArrayList<>();
        if (config.engine() == Engine.OLLAMA) {
            int automatic = OllamaDefaults.automaticContext(
                    request.hardware(), request.model().shape());
            if (automatic != config.contextTokens()) {
                String vram = request.hardware().hasAccelerators()
                        ? OllamaDefaults.totalVram(request.hardware()) + " of GPU memory in all"
                        : "no GPU";
                notes.add(String.format(
                        "Ollama on its own would use a %,d-token context here (%s; docs.ollama.com/context-length); "
                                + "the plan sets %,d (OLLAMA_CONTEXT_LENGTH)",
                        automatic, vram, config.contextTokens()));
            }
        }
        if (config.engine() == Engine.NIM) {
            notes.addAll(nimRequirementNotes(request, config));
        }
        return e.withLargestContext(largestContext(request, e, weights)).withNotes(notes);
    }

    /** NVIDIA prints GPU memory in GB of 10^9 bytes. */
    private static final double GB = 1e9;

    /** NVIDIA's published GPU memory for the NIM against the GPUs the configuration uses. */
    static List<String> nimRequirementNotes(PlanRequest request, Configuration config) {
        List<String> notes = new ArrayList<>();
        List<Accelerator> gpus = request.hardware().accelerators();
        long used = 0;
        for (Accelerator gpu : gpus.subList(0, Math.min(config.ranks(), gpus.size()))) {
            used += gpu.memory().bytes();
        }
        used *= config.nodes();
        DataSize total = DataSize.ofBytes(used);
        for (NimRequirement r : request.model().nimRequirements()) {
            if (total.compareTo(r.minimum()) < 0) {
                notes.add(String.format(
                        Locale.ROOT,
                        "the GPUs in use have %s, below the %.0f GB (%s) NVIDIA publishes as the minimum for this NIM "
                                + "(%s row, %s)",
                        total,
                        r.minimum().bytes() / GB,
                        r.minimum(),
                        r.publishedPrecision(),
                        r.source()));
            } else if (total.compareTo(r.recommended()) < 0) {
                notes.add(String.format(
                        Locale.ROOT,
                        "the GPUs in use have %s, below the %.0f GB (%s) NVIDIA recommends for this NIM (%s); it "
                                + "starts only with %s=1 in its environment (thinkrig does not set it: add it to the compose file to accept the "
                                + "risk)",
                        total,
                        r.recommended().bytes() / GB,
                        r.recommended(),
                        r.source(),
                        NimRequirement.RELAX_VARIABLE));
            }
        }
        return notes;
    }

    /** Steps the llama.cpp search takes: the KV cache is padded to 256 cells with flash attention anyway. */
    private static final int CONTEXT_SEARCH_STEP = 256;

    /**
     * The longest context per sequence that fits with everything else unchanged: vLLM's KV pool, which is sized
     * before the context is chosen; for llama.cpp, a search over the context (memory grows with it).
     */
    static int largestContext(PlanRequest request, Evaluation e, WeightBreakdown weights) {
        int max = request.model().shape().maxContextTokens();
        Configuration config = e.config();
        if (config.engine().usesKvPool()) {
            return (int) Math.min(max, e.memory().kvCapacityTokens());
        }
        if (fitsAt(request, config, weights, max)) {
            return max;
        }
        int low = 0; // in steps; 0 steps "fits" by definition
        int high = max / CONTEXT_SEARCH_STEP;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (fitsAt(request, config, weights, mid * CONTEXT_SEARCH_STEP)) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low * CONTEXT_SEARCH_STEP;
    }

    private static boolean fitsAt(PlanRequest request, Configuration config, WeightBreakdown weights, int context) {
        return LlamaCppMemory.evaluate(
                        request.model(),
                        request.hardware(),
                        request.workload(),
                        config.withContextTokens(context),
                        weights,
                        request.calibration(config.engine()))
                .problems()
                .isEmpty();
    }

    /** How far over its memory an evaluation is, as a fraction of what is usable (0 when it fits). */
    private static double overshoot(Evaluation e) {
        return e.memory().perDevice().stream()
                .mapToDouble(
                        d -> (double) d.total().bytes() / Math.max(1, d.usable().bytes()))
                .max()
                .orElse(0);
    }

    private List<Configuration> configurations(
            PlanRequest request, Engine engine, Quantization quant, List<Rejection> rejections, String family) {
        Hardware hardware = request.hardware();
        boolean flashAttention = engine != Engine.OLLAMA || request.flashAttention() != PlanRequest.FlashAttention.OFF;
        List<KvCacheType> kvTypes = new ArrayList<>();
        for (KvCacheType kv : candidateKvTypes(request, engine)) {
            Optional<String> why = EngineSupport.whyNot(engine, kv, flashAttention, hardware);
            if (why.isPresent()) {
                if (request.kvCacheType().isPresent()) {
                    rejections.add(new Rejection(family + " kv " + kv.cliName(), why.get()));
                }
            } else {
                kvTypes.add(kv);
            }
        }
        List<Integer> tpSizes = new ArrayList<>();
        int gpus = hardware.accelerators().size();
        int nodes = request.nodes();
        if (nodes > 1) {
            if (engine != Engine.VLLM) {
                rejections.add(new Rejection(
                        family, "thinkrig plans more than one node with vLLM over Ray only (--nodes " + nodes + ")"));
                return List.of();
            }
            return multiNode(request, engine, quant, kvTypes, flashAttention, rejections, family);
        }
        if (engine == Engine.OLLAMA) {
            if (request.tensorParallel().orElse(1) > 1) {
                rejections.add(new Rejection(family, "Ollama splits layers across GPUs; tensor parallelism is vLLM's"));
                return List.of();
            }
            tpSizes.add(1);
        } else if (request.tensorParallel().isPresent()) {
            int tp = request.tensorParallel().getAsInt();
            if (tp > gpus) {
                rejections.add(new Rejection(
                        family, "--tensor-parallel " + tp + " needs " + tp + " GPUs; this machine has " + gpus));
                return List.of();
            }
            tpSizes.add(tp);
        } else {
            for (int tp : TENSOR_PARALLEL_SIZES) {
                if (tp <= gpus && request.model().shape().attentionHeads() % tp == 0) {
                    tpSizes.add(tp);
                }
            }
        }
        int sequences = request.workload().sequences();
        List<Configuration> out = new ArrayList<>();
        for (KvCacheType kv : kvTypes) {
            for (int tp : tpSizes) {
                double utilization = engine == Engine.OLLAMA ? 0 : utilization(request, hardware, tp);
                for (int context : contexts(request)) {
                    out.add(new Configuration(engine, quant, kv, context, sequences, tp, utilization, flashAttention));
                }
            }
        }
        return out;
    }

    /**
     * Layouts over {@code --nodes N} identical machines, as vLLM runs them over Ray: tensor parallel within each node
     * and one pipeline stage per node ({@code --tensor-parallel-size T --pipeline-parallel-size N}), or tensor parallel
     * across all GPUs of all nodes ({@code --tensor-parallel-size T x N}, how NVIDIA's playbook pairs two DGX Sparks).
     */
    private List<Configuration> multiNode(
            PlanRequest request,
            Engine engine,
            Quantization quant,
            List<KvCacheType> kvTypes,
            boolean flashAttention,
            List<Rejection> rejections,
            String family) {
        Hardware hardware = request.hardware();
        int gpus = hardware.accelerators().size();
        int nodes = request.nodes();
        int heads = request.model().shape().attentionHeads();
        List<int[]> layouts = new ArrayList<>(); // {tensor parallel, pipeline parallel}
        for (int tp : TENSOR_PARALLEL_SIZES) {
            if (tp <= gpus && heads % tp == 0) {
                layouts.add(new int[] {tp, nodes});
            }
        }
        if (heads % (gpus * nodes) == 0) {
            layouts.add(new int[] {gpus * nodes, 1});
        }
        if (request.tensorParallel().isPresent()) {
            int tp = request.tensorParallel().getAsInt();
            layouts.removeIf(l -> l[0] != tp);
            if (layouts.isEmpty()) {
                rejections.add(new Rejection(
                        family,
                        "--tensor-parallel " + tp + " over " + nodes + " nodes of " + gpus + " GPU"
                                + (gpus == 1 ? "" : "s")
                                + " must be at most " + gpus + " (a pipeline stage per node) or " + gpus * nodes
                                + " (across the nodes), and divide the " + heads + " attention heads"));
                return List.of();
            }
        }
        if (layouts.isEmpty()) {
            rejections.add(new Rejection(
                    family,
                    "no tensor-parallel size divides the " + heads + " attention heads across " + nodes + " nodes"));
            return List.of();
        }
        int sequences = request.workload().sequences();
        List<Configuration> out = new ArrayList<>();
        for (KvCacheType kv : kvTypes) {
            for (int[] layout : layouts) {
                double utilization = utilization(request, hardware, Math.min(layout[0], gpus));
                for (int context : contexts(request)) {
                    out.add(new Configuration(
                                    engine, quant, kv, context, sequences, layout[0], utilization, flashAttention)
                            .withLayout(layout[0], layout[1], nodes));
                }
            }
        }
        return out;
    }

    private static double utilization(PlanRequest request, Hardware hardware, int tp) {
        if (request.gpuMemoryUtilization().isPresent()) {
            return request.gpuMemoryUtilization().getAsDouble();
        }
        double lowest = 1;
        for (Accelerator gpu : hardware.accelerators().subList(0, tp)) {
            lowest = Math.min(lowest, VllmMemory.defaultUtilization(gpu));
        }
        return lowest;
    }

    private static List<KvCacheType> candidateKvTypes(PlanRequest request, Engine engine) {
        if (request.kvCacheType().isPresent()) {
            KvCacheType kv = request.kvCacheType().get();
            // vLLM has one 16-bit cache (the model's dtype, --kv-cache-dtype auto): f16 and bf16 both mean it
            if (engine != Engine.OLLAMA && kv == KvCacheType.F16) {
                return List.of(KvCacheType.BF16);
            }
            return List.of(kv);
        }
        return engine == Engine.OLLAMA
                ? List.of(KvCacheType.F16, KvCacheType.Q8_0, KvCacheType.Q4_0)
                : List.of(KvCacheType.BF16, KvCacheType.FP8);
    }

    /** The context the request needs, rounded up, then powers of two above it up to the model's maximum. */
    static List<Integer> contexts(PlanRequest request) {
        if (request.contextTokens().isPresent()) {
            return List.of(request.contextTokens().getAsInt());
        }
        int max = request.model().shape().maxContextTokens();
        int needed = request.workload().tokensPerSequence();
        TreeSet<Integer> contexts = new TreeSet<>();
        contexts.add(Math.min(max, (needed + CONTEXT_ROUNDING - 1) / CONTEXT_ROUNDING * CONTEXT_ROUNDING));
        for (long c = FIRST_CONTEXT_STEP; c < max; c *= 2) {
            if (c >= needed) {
                contexts.add((int) c);
            }
        }
        contexts.add(max);
        return List.copyOf(contexts);
    }

    private static Evaluation evaluate(PlanRequest request, Configuration config, WeightBreakdown weights) {
        EngineEvaluation result = config.engine().usesKvPool()
                ? VllmMemory.evaluate(
                        request.model(),
                        request.hardware(),
                        request.workload(),
                        config,
                        weights,
                        request.engineVersion(config.engine()),
                        request.calibration(config.engine()))
                : LlamaCppMemory.evaluate(
                        request.model(),
                        request.hardware(),
                        request.workload(),
                        config,
                        weights,
                        request.calibration(config.engine()));
        Workload w = request.workload();
        SpeedEstimate speed = SpeedModel.estimate(
                result.decodePath(),
                result.prefillFlopsPerSecond(),
                w.promptTokens(),
                w.reasoningBudgetTokens(),
                w.sequences(),
                w.concurrency());
        return new Evaluation(config, result.memory(), speed, result.problems(), List.of(), result.wiredLimitNeeded());
    }

    private static String names(List<Quantization> quants) {
        return String.join(", ", quants.stream().map(Quantization::name).toList());
    }
}
