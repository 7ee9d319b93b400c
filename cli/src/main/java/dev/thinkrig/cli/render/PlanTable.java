package dev.thinkrig.cli.render;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.engine.Calibration;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.engine.NimProfile;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.plan.DeviceMemory;
import dev.thinkrig.sizing.plan.Evaluation;
import dev.thinkrig.sizing.plan.MemoryBreakdown;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.sizing.plan.Rejection;
import dev.thinkrig.sizing.plan.Workload;
import dev.thinkrig.sizing.speed.SpeedEstimate;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Renders one plan for people: the verdict, a memory breakdown with a bar, speed, alternatives and rejections. */
public final class PlanTable {

    private final PrintWriter out;
    private final Style style;

    public PlanTable(PrintWriter out, Style style) {
        this.out = out;
        this.style = style;
    }

    public void render(Plan plan, List<String> notes) {
        Workload w = plan.request().workload();
        out.printf(
                "%s on %s%n%n",
                style.bold(plan.request().model().name()),
                Text.machines(plan.request().nodes(), plan.request().hardware().name()));
        if (!plan.triedAny()) {
            // every engine was rejected before any configuration could be sized
            out.printf("  %s  no engine can serve it here%n", style.bad("DOES NOT FIT"));
            rejections(plan);
            notes(notes);
            out.flush();
            return;
        }
        Evaluation e = plan.shown();
        if (plan.fits()) {
            out.printf("  %s  %s%n", style.good("FITS"), describe(e.config()));
        } else {
            out.printf("  %s  nothing fits; closest: %s%n", style.bad("DOES NOT FIT"), describe(e.config()));
            for (String p : e.problems()) {
                out.printf("      - %s%n", p);
            }
        }
        engineVersion(plan, e.config().engine()).ifPresent(v -> out.printf("  assumes  %s%n", v));
        Calibration calibration = plan.request().calibration(e.config().engine());
        if (!calibration.isNone()) {
            out.printf("  calibrated  %s%n", Terminal.visible(calibration.source()));
        }
        if (e.config().engine() == Engine.NIM) {
            String profile = NimProfile.of(e.config()).name();
            out.printf(
                    "  NIM profile  %s%s%n",
                    profile,
                    plan.nimAutomaticProfile()
                            .map(NimProfile::name)
                            .map(auto -> auto.equals(profile)
                                    ? " (the one NIM picks on its own here)"
                                    : "; NIM on its own would pick " + auto + " (compose sets NIM_MODEL_PROFILE)")
                            .orElse(""));
        }
        plan.wiredLimitAdvice()
                .ifPresent(a -> out.printf(
                        "  %s  %s would fit with a GPU working set of %s (%s of it used): %s%n",
                        style.bold("RAISE WIRED LIMIT"),
                        describe(a.evaluation().config()),
                        a.workingSet(),
                        a.evaluation().memory().total(),
                        a.command()));
        out.printf(
                "  workload  prompt %s + reasoning %s + answer %s = %s tokens per sequence; %d sample%s x %d request%s%n",
                Text.tokens(w.promptTokens()),
                Text.tokens(w.reasoningBudgetTokens()),
                Text.tokens(w.answerTokens()),
                Text.tokens(w.tokensPerSequence()),
                w.samples(),
                w.samples() == 1 ? "" : "s",
                w.concurrency(),
                w.concurrency() == 1 ? "" : "s");
        out.println();
        memory(e);
        out.println();
        speed(e.speed(), w);
        if (!plan.alternatives().isEmpty()) {
            out.println();
            out.println(style.bold("Alternatives that fit"));
            // the column is as wide as the longest description, so a long one does not push its figures out of line
            int width = plan.alternatives().stream()
                    .mapToInt(a -> describe(a.config()).length())
                    .max()
                    .orElse(0);
            for (Evaluation a : plan.alternatives()) {
                out.printf(
                        "  %-" + width + "s  %s, %s%n",
                        describe(a.config()),
                        inAll(a.memory()),
                        Text.rate(a.speed().decodeTokensPerSecond()));
            }
        }
        rejections(plan);
        notes(PlanReport.allNotes(e, notes));
        out.flush();
    }

    private void rejections(Plan plan) {
        if (!plan.rejections().isEmpty()) {
            out.println();
            out.println(style.bold("Rejected"));
            for (Rejection r : plan.rejections()) {
                out.printf("  %-16s %s%n", r.what(), r.why());
            }
        }
    }

    private void notes(List<String> notes) {
        if (!notes.isEmpty()) {
            out.println();
            out.println(style.bold("Notes"));
            notes.forEach(n -> out.printf("  - %s%n", n));
        }
    }

    /**
     * The engine release a plan assumes, as the table names it ({@code vllm 0.21.0 (V1 engine: ...)}); empty for NIM,
     * whose images are versioned per model.
     */
    static java.util.Optional<String> engineVersion(Plan plan, Engine engine) {
        if (engine == Engine.NIM) {
            return java.util.Optional.empty();
        }
        var version = plan.request().engineVersion(engine);
        String regime = engine == Engine.VLLM
                ? ": " + dev.thinkrig.sizing.engine.VllmRegime.of(version).description()
                : "";
        String given = plan.request().engineVersion().isPresent()
                ? ""
                : " (the pinned image's release; --engine-version plans another)";
        return java.util.Optional.of(engine.id() + " " + version + regime + given);
    }

    public static String describe(Configuration c) {
        StringBuilder s = new StringBuilder()
                .append(c.engine().id())
                .append(' ')
                .append(c.quantization().name())
                .append(", kv ")
                .append(c.kvCacheType().cliName())
                .append(", context ")
                .append(Text.tokens(c.contextTokens()));
        if (c.tensorParallel() > 1) {
            s.append(", tensor parallel ").append(c.tensorParallel());
        }
        if (c.pipelineParallel() > 1) {
            s.append(", pipeline parallel ").append(c.pipelineParallel());
        }
        if (c.nodes() > 1) {
            s.append(c.tensorParallelAcrossNodes() ? " across " : " (one stage per node) on ")
                    .append(c.nodes())
                    .append(" nodes, vLLM over Ray");
        }
        if (c.partialOffload()) {
            s.append(", ")
                    .append(Text.count(c.gpuLayers(), "layer"))
                    .append(" on GPU (num_gpu ")
                    .append(c.nGpuLayers())
                    .append(')');
        }
        if (c.parallelSequences() > 1) {
            s.append(", ").append(c.parallelSequences()).append(" parallel");
        }
        return s.toString();
    }

    private void memory(Evaluation e) {
        MemoryBreakdown m = e.memory();
        List<DeviceMemory> devices = m.perDevice();
        boolean several = devices.size() > 1;
        out.println(style.bold("Memory")
                + (e.config().engine().usesKvPool()
                        ? "  (vLLM claims " + fraction(e.config().gpuMemoryUtilization())
                                + " of each GPU; the rest of it" + " is KV pool)"
                        : ""));
        if (several) {
            StringBuilder header = new StringBuilder(String.format("  %-26s", ""));
            for (int i = 0; i < devices.size(); i++) {
                int index = devices.get(i).accelerator();
                String name = devices.get(i).device();
                // multi-node plans: "node 1 GPU 0 (...)" becomes "n1 GPU 0"
                String node = name.startsWith("node ") ? "n" + name.substring(5, name.indexOf(' ', 5)) + " " : "";
                header.append(
                        String.format("%13s", index == DeviceMemory.SYSTEM_MEMORY ? "host" : node + "GPU " + index));
            }
            header.append(String.format("%13s", "total"));
            out.println(header);
        }
        row("weights", devices, DeviceMemory::weights, m.weights());
        row("KV cache", devices, DeviceMemory::kvCache, m.kvCache());
        out.printf(
                "  %-26s%s%n",
                "  of which reasoning", pad(m.reasoningKv().toString(), several ? 13 * (devices.size() + 1) : 13));
        row(
                e.config().engine().usesKvPool() ? "activations" : "compute buffer",
                devices,
                DeviceMemory::compute,
                m.compute());
        row("runtime overhead", devices, DeviceMemory::overhead, m.overhead());
        boolean mixed = gpus(devices).count() > 0 && gpus(devices).count() < devices.size();
        row("total", devices, DeviceMemory::total, m.total());
        // GPU memory and host memory are not one pool: a sum of both as "usable" read as room the plan does not have
        row("usable", devices, DeviceMemory::usable, mixed ? null : m.usable());
        if (mixed) {
            out.printf("  %-26s%s%n", "in all", inAll(m));
        }
        for (DeviceMemory d : devices) {
            out.printf(
                    "  %s %s of %s (%s)  %s%n",
                    Text.bar(d.total(), d.usable()),
                    d.total(),
                    d.usable(),
                    Text.percent(d.total(), d.usable()),
                    d.device());
        }
        String layout = m.kvFormat().equals("grouped-query") ? "" : ", " + m.kvFormat();
        out.printf(
                "  KV cache: %s per token (%s%s, whole model); %s tokens of KV capacity%n",
                m.kvBytesPerToken(), e.config().kvCacheType().cliName(), layout, Text.tokens(m.kvCapacityTokens()));
        if (m.slidingKv().bytes() > 0) {
            out.printf("    sliding-window layers hold %s whatever the context%n", m.slidingKv());
        }
        if (e.largestContextTokens() != Evaluation.NOT_COMPUTED) {
            out.printf(
                    "  largest context that fits: %s tokens per sequence (%s)%n",
                    Text.tokens(e.largestContextTokens()),
                    e.config().engine().usesKvPool() ? "--max-model-len" : "num_ctx");
        }
    }

    private static java.util.stream.Stream<DeviceMemory> gpus(List<DeviceMemory> devices) {
        return devices.stream().filter(d -> d.accelerator() != DeviceMemory.SYSTEM_MEMORY);
    }

    private static DataSize sum(java.util.stream.Stream<DeviceMemory> devices, Function<DeviceMemory, DataSize> part) {
        return DataSize.ofBytes(devices.mapToLong(d -> part.apply(d).bytes()).sum());
    }

    /**
     * "40.20 GiB of 42.33 GiB GPU memory" (or "of memory" without a GPU), and what host memory holds beside the GPUs
     * as its own figure: GPU and host memory are two totals, never one.
     */
    static String inAll(MemoryBreakdown m) {
        List<DeviceMemory> devices = m.perDevice();
        if (gpus(devices).findAny().isEmpty()) {
            return m.total() + " of " + m.usable() + " memory";
        }
        String gpu = sum(gpus(devices), DeviceMemory::total) + " of " + sum(gpus(devices), DeviceMemory::usable)
                + " GPU memory";
        List<DeviceMemory> host = devices.stream()
                .filter(d -> d.accelerator() == DeviceMemory.SYSTEM_MEMORY)
                .toList();
        return host.isEmpty()
                ? gpu
                : gpu + " + " + sum(host.stream(), DeviceMemory::total) + " of "
                        + sum(host.stream(), DeviceMemory::usable) + " host memory";
    }

    private void row(String label, List<DeviceMemory> devices, Function<DeviceMemory, DataSize> part, DataSize total) {
        StringBuilder s = new StringBuilder(String.format("  %-26s", label));
        if (devices.size() > 1) {
            for (DeviceMemory d : devices) {
                s.append(pad(part.apply(d).toString(), 13));
            }
        }
        s.append(total == null ? "" : pad(total.toString(), 13));
        out.println(s.toString().stripTrailing());
    }

    private void speed(SpeedEstimate s, Workload w) {
        out.println(style.bold("Speed") + " (estimate)");
        if (Double.isFinite(s.decodeTokensPerSecond())) {
            out.printf(
                    "  decode     %s for one sequence, halfway through its thinking%n",
                    Text.rate(s.decodeTokensPerSecond()));
        } else {
            out.println("  decode     not estimated: no memory bandwidth figure for this hardware");
        }
        if (w.sequences() > 1) {
            out.printf(
                    "             %s for all %d sequences together%n",
                    Text.rate(s.aggregateTokensPerSecond()), w.sequences());
        }
        if (Double.isFinite(s.prefillTokensPerSecond())) {
            out.printf(
                    "  prefill    %s; first token after %s%n",
                    Text.rate(s.prefillTokensPerSecond()), Text.duration(s.timeToFirstTokenSeconds()));
        } else {
            out.println("  prefill    not estimated: no published compute figure for this hardware");
        }
        if (!Double.isFinite(s.timeToThinkSeconds())) {
            out.printf(
                    "  think      %s; time not estimated without a decode speed%n",
                    Text.count(w.reasoningBudgetTokens(), "reasoning token"));
        } else {
            out.printf(
                    "  think      %s in %s%s%s%n",
                    Text.count(w.reasoningBudgetTokens(), "reasoning token"),
                    Text.duration(s.timeToThinkSeconds()),
                    w.sequences() > 1 ? " (all " + w.sequences() + " sequences in parallel)" : "",
                    Double.isFinite(s.prefillTokensPerSecond()) ? "" : " of decoding");
        }
    }

    private static String fraction(double f) {
        return String.format(Locale.ROOT, "%.2f", f);
    }

    private static String pad(String s, int width) {
        return String.format("%" + width + "s", s);
    }
}
