package dev.thinkrig.cli.render;

import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.engine.NimProfile;
import dev.thinkrig.sizing.engine.OllamaDefaults;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.plan.DeviceMemory;
import dev.thinkrig.sizing.plan.Evaluation;
import dev.thinkrig.sizing.plan.MemoryBreakdown;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.sizing.plan.Workload;
import dev.thinkrig.sizing.speed.SpeedEstimate;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON / YAML contract of {@code plan} (docs/cli.md, "plan --format json"). Field names are camelCase; sizes are
 * exact bytes; a speed thinkrig cannot estimate is null.
 */
public record PlanReport(
        ModelInfo model,
        HardwareInfo hardware,
        WorkloadInfo workload,
        boolean fits,
        ConfigInfo config,
        EngineInfo engine,
        MemoryInfo memory,
        long kvCapacityTokens,
        Integer largestContextTokens,
        String nimProfile,
        String nimAutomaticProfile,
        Integer ollamaAutomaticContextTokens,
        SpeedInfo speed,
        List<String> problems,
        List<Alternative> alternatives,
        List<RejectedInfo> rejected,
        List<String> notes,
        WiredLimitInfo wiredLimitAdvice) {

    /**
     * Apple only: a configuration that a raised GPU wired limit would let fit (null when none beats the plan).
     *
     * @param wiredLimitMb the value to set, in MiB: the configuration's total plus the 1 GiB margin
     * @param command {@code sudo sysctl iogpu.wired_limit_mb=N}
     */
    public record WiredLimitInfo(
            long wiredLimitMb,
            String command,
            ConfigInfo config,
            long totalBytes,
            long workingSetBytes,
            Double decodeTokensPerSecond) {}

    /**
     * @param architecture llama.cpp's architecture id ({@code qwen3moe}, {@code deepseek2}, ...)
     * @param activeParameters parameters one token uses (equal to {@code parameters} for dense models)
     */
    public record ModelInfo(
            String id,
            String name,
            long parameters,
            Double benchmarkScore,
            String architecture,
            long activeParameters) {}

    public record HardwareInfo(
            String id, String name, String platform, List<DeviceInfo> devices, long hostMemoryBytes) {}

    public record DeviceInfo(String name, String architecture, long memoryBytes, long usableBytes) {}

    public record WorkloadInfo(
            int promptTokens,
            int reasoningBudgetTokens,
            int answerTokens,
            int samples,
            int concurrency,
            int tokensPerSequence) {}

    /**
     * @param gpuLayers partial offload only (else null): repeating layers on the GPUs; the rest are in system memory
     * @param nGpuLayers partial offload only: llama.cpp's {@code --n-gpu-layers} / Ollama's {@code num_gpu}, which
     *     counts the output layer as one more
     * @param pipelineParallel vLLM pipeline stages (1 unless planned across nodes)
     * @param nodes machines the configuration spans
     * @param distributedEngine what runs the configuration across nodes ({@code vllm-ray}); null on one node
     */
    public record ConfigInfo(
            String engine,
            String quantization,
            String kvCacheType,
            int contextTokens,
            int reasoningBudgetTokens,
            int samples,
            int concurrency,
            int parallelSequences,
            int tensorParallel,
            Double gpuMemoryUtilization,
            boolean flashAttention,
            Integer gpuLayers,
            Integer nGpuLayers,
            int pipelineParallel,
            int nodes,
            String distributedEngine) {}

    public record MemoryInfo(
            long weightsBytes,
            long kvBytesPerToken,
            long kvCacheBytes,
            long reasoningKvBytes,
            long computeBytes,
            long overheadBytes,
            long totalBytes,
            long usableBytes,
            List<DeviceMemoryInfo> perDevice,
            String kvFormat,
            long slidingWindowKvBytes) {}

    public record DeviceMemoryInfo(
            String device,
            int layers,
            long weightsBytes,
            long kvCacheBytes,
            long computeBytes,
            long overheadBytes,
            long totalBytes,
            long usableBytes) {}

    public record SpeedInfo(
            Double decodeTokensPerSecond,
            Double aggregateTokensPerSecond,
            Double prefillTokensPerSecond,
            Double timeToFirstTokenSeconds,
            Double timeToThinkSeconds,
            Long weightBytesReadPerToken) {}

    /**
     * @param largestContextTokens the longest context per sequence this configuration would fit (null if not searched)
     * @param nimProfile the NIM profile the configuration runs as (NIM only, else null)
     */
    public record Alternative(
            ConfigInfo config,
            long totalBytes,
            long usableBytes,
            Double decodeTokensPerSecond,
            Integer largestContextTokens,
            String nimProfile) {}

    public record RejectedInfo(String what, String why) {}

    /** The engine multi-node plans rely on: vLLM's Ray distributed executor. */
    public static final String DISTRIBUTED_ENGINE = "vllm-ray";

    public static PlanReport of(Plan plan, List<String> notes) {
        Workload w = plan.request().workload();
        List<RejectedInfo> rejected = plan.rejections().stream()
                .map(r -> new RejectedInfo(r.what(), r.why()))
                .toList();
        if (!plan.triedAny()) {
            // every engine was rejected outright: there is no configuration, memory or speed to report
            return new PlanReport(
                    model(plan.request().model()),
                    hardwareInfo(plan.request().hardware()),
                    workload(w),
                    false,
                    null,
                    null,
                    null,
                    0,
                    null,
                    null,
                    null,
                    null,
                    null,
                    rejected.stream().map(r -> r.what() + ": " + r.why()).toList(),
                    List.of(),
                    rejected,
                    List.copyOf(notes),
                    null);
        }
        Evaluation shown = plan.shown();
        return new PlanReport(
                model(plan.request().model()),
                hardwareInfo(plan.request().hardware()),
                workload(w),
                plan.fits(),
                config(shown.config(), w),
                EngineInfo.of(plan, shown.config()),
                memory(shown.memory()),
                shown.memory().kvCapacityTokens(),
                largestContext(shown),
                nimProfile(shown.config()),
                plan.nimAutomaticProfile().map(NimProfile::name).orElse(null),
                shown.config().engine() == Engine.OLLAMA
                        ? OllamaDefaults.automaticContext(
                                plan.request().hardware(),
                                plan.request().model().shape())
                        : null,
                speed(shown.speed()),
                shown.problems(),
                plan.alternatives().stream()
                        .map(e -> new Alternative(
                                config(e.config(), w),
                                e.memory().total().bytes(),
                                e.memory().usable().bytes(),
                                finite(e.speed().decodeTokensPerSecond()),
                                largestContext(e),
                                nimProfile(e.config())))
                        .toList(),
                rejected,
                allNotes(shown, notes),
                plan.wiredLimitAdvice()
                        .map(a -> new WiredLimitInfo(
                                a.wiredLimitMb(),
                                a.command(),
                                config(a.evaluation().config(), w),
                                a.evaluation().memory().total().bytes(),
                                a.workingSet().bytes(),
                                finite(a.evaluation().speed().decodeTokensPerSecond())))
                        .orElse(null));
    }

    /** The evaluation's own notes (engine defaults, NVIDIA's published minimums), then the command's. */
    static List<String> allNotes(Evaluation shown, List<String> notes) {
        List<String> all = new ArrayList<>(shown.notes());
        all.addAll(notes);
        return List.copyOf(all);
    }

    static Integer largestContext(Evaluation e) {
        return e.largestContextTokens() == Evaluation.NOT_COMPUTED ? null : e.largestContextTokens();
    }

    static String nimProfile(Configuration c) {
        return c.engine() == Engine.NIM ? NimProfile.of(c).name() : null;
    }

    private static WorkloadInfo workload(Workload w) {
        return new WorkloadInfo(
                w.promptTokens(),
                w.reasoningBudgetTokens(),
                w.answerTokens(),
                w.samples(),
                w.concurrency(),
                w.tokensPerSequence());
    }

    static ModelInfo model(ModelSpec m) {
        return new ModelInfo(
                m.id(),
                m.name(),
                m.publishedParameters(),
                m.benchmarkScore().orElse(null),
                m.shape().architecture().id(),
                m.shape().activeParameterCount());
    }

    public static HardwareInfo hardwareInfo(Hardware h) {
        return new HardwareInfo(
                h.id(),
                h.name(),
                h.platform().id(),
                h.accelerators().stream().map(PlanReport::device).toList(),
                h.host().memory().bytes());
    }

    private static DeviceInfo device(Accelerator a) {
        return new DeviceInfo(
                a.name(), a.architecture(), a.memory().bytes(), a.usableMemory().bytes());
    }

    static ConfigInfo config(Configuration c, Workload w) {
        return new ConfigInfo(
                c.engine().id(),
                c.quantization().name(),
                c.kvCacheType().cliName(),
                c.contextTokens(),
                w.reasoningBudgetTokens(),
                w.samples(),
                w.concurrency(),
                c.parallelSequences(),
                c.tensorParallel(),
                c.engine().usesKvPool() ? c.gpuMemoryUtilization() : null,
                c.flashAttention(),
                c.partialOffload() ? c.gpuLayers() : null,
                c.partialOffload() ? c.nGpuLayers() : null,
                c.pipelineParallel(),
                c.nodes(),
                c.nodes() > 1 ? DISTRIBUTED_ENGINE : null);
    }

    static MemoryInfo memory(MemoryBreakdown m) {
        return new MemoryInfo(
                m.weights().bytes(),
                m.kvBytesPerToken().bytes(),
                m.kvCache().bytes(),
                m.reasoningKv().bytes(),
                m.compute().bytes(),
                m.overhead().bytes(),
                m.total().bytes(),
                m.usable().bytes(),
                m.perDevice().stream().map(PlanReport::deviceMemory).toList(),
                m.kvFormat(),
                m.slidingKv().bytes());
    }

    private static DeviceMemoryInfo deviceMemory(DeviceMemory d) {
        return new DeviceMemoryInfo(
                d.device(),
                d.layers(),
                d.weights().bytes(),
                d.kvCache().bytes(),
                d.compute().bytes(),
                d.overhead().bytes(),
                d.total().bytes(),
                d.usable().bytes());
    }

    static SpeedInfo speed(SpeedEstimate s) {
        return new SpeedInfo(
                finite(s.decodeTokensPerSecond()),
                finite(s.aggregateTokensPerSecond()),
                finite(s.prefillTokensPerSecond()),
                finite(s.timeToFirstTokenSeconds()),
                finite(s.timeToThinkSeconds()),
                Double.isFinite(s.weightBytesReadPerToken()) ? Math.round(s.weightBytesReadPerToken()) : null);
    }

    /** JSON has no NaN: an unknown figure is null. */
    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
