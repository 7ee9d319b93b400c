package dev.thinkrig.cli.bench;

import dev.thinkrig.cli.PlanOptions;
import dev.thinkrig.cli.Recommendation;
import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.profiles.catalog.ModelEntry;
import dev.thinkrig.profiles.hardware.HardwareCatalog;
import dev.thinkrig.profiles.hardware.HardwarePreset;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.plan.PlanException;
import dev.thinkrig.sizing.plan.Planner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Benchmark, not a test: plans every catalog model on every hardware preset (the planning work, in one JVM, without
 * start-up), then ranks synthetic catalogs of 100, 1,000 and 10,000 models against one machine the way {@code plan}
 * without a model does ({@link Recommendation#rank}) to show how the ranking grows. Usage: bench/plan-catalog.sh
 * (docs/benchmarks.md quotes its output).
 */
public final class PlanCatalogBenchmark {

    /** Layer counts of the synthetic models, as multiples of the real model's. */
    private static final double[] LAYER_SCALES = {0.5, 0.75, 1.0, 1.25, 1.5};

    private PlanCatalogBenchmark() {}

    public static void main(String[] args) {
        String machine = args.length > 0 ? args[0] : "2x-rtx-4090";
        int[] sizes = {100, 1000, 10000};
        List<ModelEntry> catalog = ModelCatalog.shipped();
        HardwareCatalog hardwareCatalog = HardwareCatalog.load(Path.of("/nonexistent-thinkrig-config"));
        // the defaults the CLI applies (thinkrig's command line accepts enum values in any case)
        PlanOptions options = new PlanOptions();
        new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs();
        Planner planner = new Planner();

        List<Hardware> presets = new ArrayList<>();
        for (HardwarePreset p : hardwareCatalog.presets()) {
            presets.add(hardwareCatalog.resolve(p.id()));
        }
        System.out.printf(
                Locale.ROOT,
                "every catalog model on every preset: %d models x %d presets = %d plans%n",
                catalog.size(),
                presets.size(),
                catalog.size() * presets.size());
        for (String pass : List.of("first pass (cold JVM)", "second pass (warm)", "third pass (warm)")) {
            long slowest = 0;
            String slowestName = "";
            long start = System.nanoTime();
            for (Hardware hardware : presets) {
                for (ModelEntry entry : catalog) {
                    long t0 = System.nanoTime();
                    try {
                        planner.plan(options.request(entry.toSpec(), hardware, Optional.empty()));
                    } catch (PlanException e) {
                        // a workload the model cannot hold: counted, as the CLI would report it
                    }
                    long t = System.nanoTime() - t0;
                    if (t > slowest) {
                        slowest = t;
                        slowestName = entry.id() + " on " + hardware.id();
                    }
                }
            }
            long total = System.nanoTime() - start;
            int plans = catalog.size() * presets.size();
            System.out.printf(
                    Locale.ROOT,
                    "  %-22s total %8.1f ms, %6.2f ms per plan, slowest %6.1f ms (%s)%n",
                    pass,
                    total / 1e6,
                    total / 1e6 / plans,
                    slowest / 1e6,
                    slowestName);
        }

        Hardware hardware = hardwareCatalog.resolve(machine);
        System.out.printf(
                Locale.ROOT,
                "ranking synthetic catalogs against %s (real shapes with %s x their layers)%n",
                machine,
                java.util.Arrays.toString(LAYER_SCALES));
        Recommendation.rank(ModelCatalog.of(synthetic(catalog, sizes[0])), hardware, options, planner); // warm-up
        double perModelAtFirst = 0;
        for (int n : sizes) {
            ModelCatalog synthetic = ModelCatalog.of(synthetic(catalog, n));
            long start = System.nanoTime();
            Recommendation r = Recommendation.rank(synthetic, hardware, options, planner);
            long total = System.nanoTime() - start;
            double perModel = total / 1e6 / n;
            if (perModelAtFirst == 0) {
                perModelAtFirst = perModel;
            }
            System.out.printf(
                    Locale.ROOT,
                    "  %,6d models: %9.1f ms, %5.2f ms per model (x%.2f the %,d-model rate); %,d fit, %,d do not%n",
                    n,
                    total / 1e6,
                    perModel,
                    perModel / perModelAtFirst,
                    sizes[0],
                    r.fitting().size(),
                    r.missing().size());
        }
    }

    /** {@code n} models: the real ones in turn, each with its layer count scaled, under unique ids. */
    static List<ModelEntry> synthetic(List<ModelEntry> real, int n) {
        List<ModelEntry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ModelEntry base = real.get(i % real.size());
            double scale = LAYER_SCALES[(i / real.size()) % LAYER_SCALES.length];
            ModelEntry.Shape s = base.shape();
            int layers = Math.max(4, (int) Math.round(s.layers() * scale));
            ModelEntry.Shape shape = new ModelEntry.Shape(
                    layers,
                    s.hiddenSize(),
                    s.intermediateSize(),
                    s.attentionHeads(),
                    s.kvHeads(),
                    s.headDim(),
                    s.vocabSize(),
                    s.maxContextTokens(),
                    s.tiedEmbeddings(),
                    s.attentionBias(),
                    s.qkNorm(),
                    s.experts(),
                    s.latentAttention(),
                    s.slidingWindow(),
                    s.source());
            ModelEntry scaled = new ModelEntry(
                    base.id() + "-synthetic-" + i,
                    base.name() + " (synthetic " + i + ")",
                    base.huggingFaceRepo(),
                    base.ollamaModel(),
                    List.of(),
                    base.license(),
                    base.architecture(),
                    shape,
                    base.parameters(),
                    base.reasoning(),
                    base.benchmark(),
                    base.serving());
            long parameters = scaled.modelShape().parameterCount();
            out.add(new ModelEntry(
                    scaled.id(),
                    scaled.name(),
                    scaled.huggingFaceRepo(),
                    scaled.ollamaModel(),
                    List.of(),
                    scaled.license(),
                    scaled.architecture(),
                    shape,
                    new ModelEntry.Parameters(parameters, "computed from the scaled shape"),
                    scaled.reasoning(),
                    scaled.benchmark(),
                    scaled.serving()));
        }
        return out;
    }
}
