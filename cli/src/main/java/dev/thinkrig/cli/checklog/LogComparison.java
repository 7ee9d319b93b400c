package dev.thinkrig.cli.checklog;

import dev.thinkrig.cli.accuracy.ExactPlan;
import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.profiles.catalog.ModelEntry;
import dev.thinkrig.profiles.enginelog.EngineLog;
import dev.thinkrig.profiles.enginelog.LogEngine;
import dev.thinkrig.profiles.enginelog.LogFigure;
import dev.thinkrig.profiles.enginelog.LogSetup;
import dev.thinkrig.profiles.enginelog.LogTerm;
import dev.thinkrig.profiles.modelfile.ModelFile;
import dev.thinkrig.profiles.modelfile.ModelFiles;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.engine.EngineReleases;
import dev.thinkrig.sizing.engine.EngineVersion;
import dev.thinkrig.sizing.engine.LlamaCppBuffers;
import dev.thinkrig.sizing.engine.VllmBudget;
import dev.thinkrig.sizing.engine.VllmMemory;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.kv.KvCache;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.plan.Evaluation;
import dev.thinkrig.sizing.plan.MemoryBreakdown;
import dev.thinkrig.sizing.plan.PlanException;
import dev.thinkrig.sizing.quant.Quantization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A start-up log next to thinkrig's plan of the setup it shows: the setup is reconstructed from the log (options fill
 * or override each part), planned exactly ({@link ExactPlan}), and each logged figure is paired with the planned term
 * of the same meaning.
 */
public final class LogComparison {

    /** What the user fixed on the command line; empty parts come from the log. */
    public record Overrides(
            Optional<String> model,
            Optional<Quantization> quantization,
            OptionalInt context,
            OptionalInt tensorParallel,
            OptionalDouble gpuMemoryUtilization,
            OptionalInt parallel,
            Optional<EngineVersion> engineVersion,
            Optional<Hardware> hardware) {}

    /** The machine to plan on when no {@code --hardware} was given, and how it was chosen. */
    public interface HardwareChooser {
        ChosenHardware choose(EngineLog log, int tensorParallel);
    }

    public record ChosenHardware(Hardware hardware, String how) {}

    private static final Pattern RELEASE = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private LogComparison() {}

    public static LogReport compare(EngineLog log, Overrides o, ModelCatalog catalog, HardwareChooser chooser) {
        List<String> notes = new ArrayList<>(log.notes());
        Engine engine = log.engine() == LogEngine.VLLM ? Engine.VLLM : Engine.OLLAMA;
        if (log.engine() == LogEngine.LLAMA_CPP) {
            notes.add(
                    "a llama.cpp log is planned with llama.cpp's own cache and compute-buffer rules (weights as Ollama "
                            + "plans them)");
        }
        var s = log.setup();
        // --model may name a model file (a GGUF, a safetensors directory), planned from its own header as plan does
        Optional<ModelFile> file = o.model().filter(ModelFiles::isPath).map(m -> ModelFiles.read(Path.of(m)));
        Optional<ModelEntry> entry = file.isPresent()
                ? ModelFiles.catalogMatch(file.get(), catalog)
                : o.model()
                        .map(m -> catalog.resolve(m).entry())
                        .or(() -> s.model().flatMap(m -> find(catalog, m)));
        Optional<ModelSpec> spec =
                file.isPresent() ? Optional.of(ModelFiles.toSpec(file.get(), entry)) : entry.map(ModelEntry::toSpec);
        Optional<Quantization> quant =
                o.quantization().or(() -> file.flatMap(ModelFile::quantization)).or(() -> quantization(log, entry));
        int tp = o.tensorParallel().orElse(s.tensorParallel().orElse(1));
        OptionalInt context = o.context().isPresent() ? o.context() : s.contextTokens();
        OptionalDouble utilization =
                o.gpuMemoryUtilization().isPresent() ? o.gpuMemoryUtilization() : s.gpuMemoryUtilization();
        // vLLM's "auto" and llama.cpp's default are the model's 16-bit type: fixed, so the planner does not search
        Optional<KvCacheType> kvType = Optional.of(s.kvCacheType()
                .flatMap(LogComparison::kvType)
                .orElse(engine == Engine.VLLM ? KvCacheType.BF16 : KvCacheType.F16));
        Optional<EngineVersion> version = o.engineVersion().or(() -> release(log.version()));
        if (log.engine() == LogEngine.LLAMA_CPP) {
            version = Optional.empty();
        }
        if (version.isEmpty() && log.engine() != LogEngine.LLAMA_CPP) {
            notes.add("the log names no " + engine.id() + " release: planned as the pinned "
                    + EngineReleases.pinned(engine).orElseThrow() + " (--engine-version names it)");
        }
        if (version.isPresent()) {
            try {
                EngineReleases.require(engine, version.get());
            } catch (IllegalArgumentException e) {
                notes.add(e.getMessage() + "; planned with the pinned release");
                version = Optional.empty();
            }
        }
        String model = spec.map(ModelSpec::id).orElse(null);
        String hardwareUsed = null;
        String machine = null;
        Map<LogTerm, Long> planned = new EnumMap<>(LogTerm.class);
        Boolean fits = null;
        int parallel = s.parallel().orElse(1);
        if (spec.isEmpty()) {
            notes.add("the log's model " + s.model().map(m -> "'" + m + "' ").orElse("")
                    + "is not in thinkrig's catalog: only the logged figures are shown (--model names it)");
        } else if (quant.isEmpty()) {
            notes.add("the log does not say which quantization ran: --quant names it");
        } else {
            ChosenHardware hw =
                    o.hardware().map(h -> new ChosenHardware(h, "--hardware")).orElseGet(() -> chooser.choose(log, tp));
            hardwareUsed = hw.hardware().name() + " (" + hw.how() + ")";
            machine = CalibrationStore.machine(hw.hardware());
            if (o.parallel().isPresent()) {
                parallel = o.parallel().getAsInt();
            } else if (engine == Engine.VLLM && s.parallel().isEmpty()) {
                var gpu = hw.hardware().accelerators().isEmpty()
                        ? null
                        : hw.hardware().accelerators().get(0);
                EngineVersion v = version.orElse(EngineReleases.VLLM_PINNED);
                parallel = gpu == null ? 256 : VllmMemory.defaultMaxNumSeqs(v, gpu);
                notes.add(String.format("max_num_seqs not in the log: vLLM %s's default %,d is planned", v, parallel));
            }
            ExactPlan exact = new ExactPlan(
                    spec.get(),
                    hw.hardware(),
                    engine,
                    quant.get(),
                    kvType,
                    context,
                    parallel,
                    tp,
                    utilization,
                    s.flashAttention().orElse(true),
                    version,
                    false);
            try {
                fits = plan(exact, engine, planned);
                if (log.engine() == LogEngine.LLAMA_CPP && context.isPresent()) {
                    llamaCpp(exact, s, context.getAsInt(), parallel, planned);
                }
            } catch (PlanException | IllegalStateException | IllegalArgumentException e) {
                notes.add("thinkrig could not plan this setup: " + e.getMessage());
            }
        }
        List<LogReport.Term> terms = new ArrayList<>();
        for (LogTerm t : LogTerm.values()) {
            Optional<LogFigure> f = log.figure(t);
            Long p = planned.get(t);
            if (f.isEmpty() && p == null) {
                continue;
            }
            Long logged = f.map(LogFigure::value).orElse(null);
            Double error = logged != null && p != null && logged != 0 ? (p - logged) / (double) Math.abs(logged) : null;
            terms.add(new LogReport.Term(
                    t.id(),
                    t.tokens() ? "tokens" : "bytes",
                    logged,
                    p,
                    error,
                    f.map(x -> "line " + x.line() + ": " + x.detail()).orElse("not in the log")));
        }
        if (log.refusal().isPresent() && Boolean.TRUE.equals(fits)) {
            notes.add("DISAGREEMENT: the engine refused to start, but thinkrig's plan says this setup fits");
        }
        var setup = new LogReport.Setup(
                s.model().orElse(null),
                quant.map(Quantization::name).orElse(s.quantization().orElse(null)),
                context.isPresent() ? context.getAsInt() : null,
                tp,
                utilization.isPresent() ? utilization.getAsDouble() : null,
                parallel,
                s.kvCacheType().orElse(null));
        // the release the log printed; where it printed none, the one --engine-version gave
        String release =
                log.version().orElse(o.engineVersion().map(Object::toString).orElse(null));
        return new LogReport(
                log.engine().id(),
                release,
                setup,
                model,
                hardwareUsed,
                machine,
                terms,
                log.refusal().isPresent(),
                fits,
                notes);
    }

    private static boolean plan(ExactPlan exact, Engine engine, Map<LogTerm, Long> planned) {
        Evaluation e = exact.evaluate();
        if (engine == Engine.VLLM) {
            VllmBudget b = VllmMemory.budget(exact.request(), e.config());
            planned.put(LogTerm.WEIGHTS, b.weights().bytes());
            planned.put(LogTerm.ACTIVATION, b.activation().bytes());
            planned.put(LogTerm.NON_TORCH, b.nonTorch().bytes());
            planned.put(LogTerm.CUDA_GRAPHS, b.cudaGraphs().bytes());
            planned.put(LogTerm.KV_CACHE, b.kvPoolBytes());
            planned.put(LogTerm.KV_CAPACITY_TOKENS, b.kvCapacityTokens());
        } else {
            MemoryBreakdown m = e.memory();
            planned.put(LogTerm.WEIGHTS, m.weights().bytes());
            planned.put(LogTerm.KV_CACHE, m.kvCache().bytes());
            planned.put(LogTerm.COMPUTE_BUFFER, m.compute().bytes());
            planned.put(LogTerm.KV_CAPACITY_TOKENS, m.kvCapacityTokens());
            planned.put(LogTerm.TOTAL, m.total().bytes());
        }
        return e.fits();
    }

    /**
     * llama.cpp's own KV cache, cells and compute buffer for the logged context ({@link LlamaCppBuffers}): n_ubatch
     * 512 and n_outputs_max n_ubatch where the log does not say (llama-server's defaults); one cache for all sequences
     * where the log prints no kv_unified line (builds before the per-sequence streams had only that one).
     */
    private static void llamaCpp(ExactPlan exact, LogSetup s, int context, int parallel, Map<LogTerm, Long> planned) {
        int ubatch = s.microBatch().orElse(512);
        var buffers = LlamaCppBuffers.of(
                exact.model().shape(),
                KvCache.KvFormat.LATENT,
                new LlamaCppBuffers.Context(
                        (long) context * parallel,
                        parallel,
                        s.kvUnified().orElse(true),
                        exact.flashAttention(),
                        exact.kvCacheType().orElse(KvCacheType.F16),
                        ubatch,
                        s.outputsMax().orElse(ubatch)));
        planned.put(LogTerm.KV_CACHE, buffers.kv().bytes());
        planned.put(LogTerm.KV_CAPACITY_TOKENS, buffers.cells());
        planned.put(LogTerm.COMPUTE_BUFFER, buffers.compute().bytes());
        planned.put(
                LogTerm.TOTAL,
                planned.get(LogTerm.WEIGHTS)
                        + buffers.kv().bytes()
                        + buffers.compute().bytes());
    }

    /**
     * The catalog model a log names: a Hugging Face repository or alias as the catalog knows it, the repository's
     * name without its owner, or a GGUF general.name written as an id ("DeepSeek R1 Distill Qwen 32B").
     */
    static Optional<ModelEntry> find(ModelCatalog catalog, String name) {
        String trimmed = name.strip();
        List<String> tries = new ArrayList<>();
        tries.add(trimmed);
        String last = trimmed.replaceAll("/+$", "");
        last = last.substring(last.lastIndexOf('/') + 1);
        tries.add(last);
        tries.add(last.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-"));
        for (String t : tries) {
            Optional<ModelEntry> e = catalog.find(t);
            if (e.isPresent()) {
                return e;
            }
        }
        return Optional.empty();
    }

    /** The quantization a log implies: a catalog repository's, vLLM's {@code quantization=}, a GGUF file type. */
    static Optional<Quantization> quantization(EngineLog log, Optional<ModelEntry> entry) {
        var s = log.setup();
        if (log.engine() == LogEngine.VLLM) {
            if (entry.isPresent() && s.model().isPresent()) {
                for (ModelEntry.VllmBuild b : entry.get().serving().vllm()) {
                    if (b.repo().equalsIgnoreCase(s.model().get())) {
                        return Optional.of(b.quantization());
                    }
                }
            }
            String q = s.quantization().orElse("").toLowerCase(Locale.ROOT);
            return switch (q) {
                case "" -> Optional.of(Quantization.BF16);
                case "fp8" -> Optional.of(Quantization.FP8);
                case "awq", "awq_marlin" -> Optional.of(Quantization.AWQ);
                case "gptq", "gptq_marlin" -> Optional.of(Quantization.GPTQ);
                case "mxfp4" -> Optional.of(Quantization.MXFP4);
                case "modelopt_fp4" -> Optional.of(Quantization.NVFP4);
                default -> Optional.empty();
            };
        }
        return s.quantization().flatMap(LogComparison::ggufFileType);
    }

    /** llama.cpp's file type as it prints it ("Q4_K - Medium", "MXFP4 MoE", "BF16") as a quantization. */
    static Optional<Quantization> ggufFileType(String printed) {
        String name = printed.strip()
                .replace(" - Medium", "_M")
                .replace(" - Small", "_S")
                .replace(" - Large", "_L")
                .replace(" MoE", "")
                .replaceAll("\\s.*$", "");
        try {
            return Optional.of(Quantization.parse(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<KvCacheType> kvType(String logged) {
        String t = logged.toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return Optional.empty();
        }
        if (t.startsWith("fp8")) {
            return Optional.of(KvCacheType.FP8);
        }
        try {
            return Optional.of(KvCacheType.parse(t));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A release number from what a log prints ({@code 0.6.5.dev123+g1a2b3c}, {@code 0.10.1rc1}, {@code b4689}). */
    static Optional<EngineVersion> release(Optional<String> printed) {
        if (printed.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = RELEASE.matcher(printed.get());
        if (!m.find() || printed.get().startsWith("b")) {
            return Optional.empty();
        }
        return Optional.of(EngineVersion.of(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
    }
}
